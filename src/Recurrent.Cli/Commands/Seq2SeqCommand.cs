using System.CommandLine;
using Recurrent.Data;
using Recurrent.Models.Seq2Seq;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn seq2seq train|eval|predict</c>: the encoder-decoder on a user's SOURCE&lt;TAB&gt;TARGET pairs (transliteration,
/// spelling normalisation, small translation tasks); and the training command it shares with <c>rnn g2p train</c>.
/// </summary>
internal static class Seq2SeqCommand
{
    public static Command Create()
    {
        var command = new Command("seq2seq", "Sequence to sequence on your pairs: an attentional encoder-decoder");
        var data = new Option<string>("--data") { Description = "Training pairs, SOURCE<TAB>TARGET a line", Required = true };
        var units = new Option<string>("--units") { Description = "chars (each character a symbol) or tokens (space-separated)", DefaultValueFactory = _ => "chars" };
        var val = new Option<string>("--val") { Description = "Validation pairs (with --test; default: 5% of the sources of --data)" };
        var test = new Option<string>("--test") { Description = "Test pairs (with --val; default: another 5%)" };
        command.Subcommands.Add(Train("Train an attentional encoder-decoder on pairs", "runs/seq2seq", "cross-entropy (nats/symbol)", [data, units, val, test],
            p => new Seq2SeqTaskConfig(Data: Path.GetFullPath(p.GetValue(data)!), Units: p.GetValue(units)!,
                Validation: p.GetValue(val) is { } v ? Path.GetFullPath(v) : null, Test: p.GetValue(test) is { } t ? Path.GetFullPath(t) : null)));
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Predict());
        return command;
    }

    /// <summary>A training command: the data options given, the model and training options shared; steps default to 30 epochs, an evaluation every 1,000.</summary>
    public static Command Train(string description, string defaultOut, string lossName, Option[] dataOptions, Func<ParseResult, Seq2SeqTaskConfig> readConfig)
    {
        var shape = new Seq2SeqConfig();
        var attention = new Option<string>("--attention") { Description = "general, dot, additive (Bahdanau) or none", DefaultValueFactory = _ => shape.Attention };
        var decoderHidden = new Option<int>("--decoder-hidden") { Description = "Decoder cell size", DefaultValueFactory = _ => shape.DecoderHidden };
        var decoderLayers = new Option<int>("--decoder-layers") { Description = "Stacked decoder cells", DefaultValueFactory = _ => shape.DecoderLayers };
        var noFeeding = new Option<bool>("--no-input-feeding") { Description = "Do not feed h̃_(t−1) into the next decoder step" };
        var smoothing = new Option<float>("--label-smoothing") { Description = "ε: train towards (1 − ε)·onehot + ε/V (0 = off)", DefaultValueFactory = _ => shape.LabelSmoothing };
        var shapeOptions = new RecurrentShapeOptions(shape.Cell, shape.EncoderLayers, shape.EncoderHidden, shape.Embedding, shape.Dropout,
            "on embeddings, between encoder layers and before the output layer");
        var training = new TrainingOptions(new TrainingConfig { Batch = 64, EvalInterval = 1000, WeightDecay = 0.01f }, defaultOut);
        var command = new Command("train", $"{description} (--layers and --hidden size the bidirectional encoder); steps default to 30 epochs")
            { attention, decoderHidden, decoderLayers, noFeeding, smoothing };
        foreach (var option in dataOptions) command.Options.Add(option);
        shapeOptions.AddTo(command);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string checkpointPath = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            var display = new TrainingDisplay("encoder-decoder", lossName);
            var fresh = new Lazy<(Seq2SeqConfig Model, Seq2SeqData Data)>(() =>
            {
                var model = shape with
                {
                    Cell = p.GetValue(shapeOptions.Cell)!, EncoderLayers = p.GetValue(shapeOptions.Layers), EncoderHidden = p.GetValue(shapeOptions.Hidden),
                    Embedding = p.GetValue(shapeOptions.Embedding), Dropout = p.GetValue(shapeOptions.Dropout), Attention = p.GetValue(attention)!,
                    DecoderHidden = p.GetValue(decoderHidden), DecoderLayers = p.GetValue(decoderLayers), InputFeeding = !p.GetValue(noFeeding),
                    LabelSmoothing = p.GetValue(smoothing),
                };
                model.Validate(dataKnown: false);
                return (model, Seq2SeqData.Load(readConfig(p), G2pCommand.BundledDictionary));
            });
            return TaskTraining.Run(p, training, display,
                create: (rng, config) => new Seq2SeqTask(fresh.Value.Model, fresh.Value.Data, config.Batch, rng),
                restore: (checkpoint, rng, config) => Seq2SeqTask.Restore(checkpoint, checkpointPath, config.Batch, rng, G2pCommand.BundledDictionary),
                finish: trainer =>
                {
                    string best = File.Exists(Trainer.BestPath(checkpointPath)) ? Trainer.BestPath(checkpointPath) : checkpointPath;
                    var data = ((Seq2SeqTask)trainer.Task).Data;
                    Console.WriteLine($"test part, best checkpoint ({best}): {Seq2SeqTask.Evaluation(Seq2SeqTask.Open(best).Translator, data.Test, "test", data.Config.IsDictionary).Summary}");
                },
                // Decoding every validation source costs seconds: an evaluation at most every 1,000 steps.
                resolve: config => training.FitToEpochs(p, config, fresh.Value.Data.Train.Count, epochs: 30, maxEvalInterval: 1000));
        }));
        return command;
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A seq2seq checkpoint", Required = true };
        var data = new Option<string>("--data") { Description = "Pairs to score (default: the checkpoint's test part)" };
        var beam = G2pCommand.BeamOption(1);
        var command = new Command("eval", "Sequence and token error rates (a source is right if its output equals any of its targets)") { model, data, beam };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (translator, config) = Seq2SeqTask.Open(Checkpoint.Load(path, Seq2SeqTask.TaskKind), path);
            var examples = p.GetValue(data) is { } file ? Seq2SeqKind.Examples(config, file) : Seq2SeqData.Load(config, G2pCommand.BundledDictionary).Test;
            int width = G2pCommand.Width(p.GetValue(beam));
            var outputs = translator.Decode([.. examples.Select(e => e.Source)], width);
            Console.WriteLine($"{examples.Count:N0} sources, {(width == 1 ? "greedy decoding" : $"beam search, width {width}")}");
            Console.WriteLine(SequenceScores.Of(examples, outputs).Summary("sequence error", "token error"));
            return 0;
        }));
        return command;
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "A seq2seq checkpoint", Required = true };
        var inputs = new Argument<string[]>("SOURCE") { Description = "Sources; none: one per line of standard input", Arity = ArgumentArity.ZeroOrMore };
        var beam = G2pCommand.BeamOption(5);
        var nbest = new Option<int>("--nbest") { Description = "Outputs printed per source, best first, with log p", DefaultValueFactory = _ => 1 };
        var command = new Command("predict", "Outputs for sources: SOURCE<TAB>OUTPUT<TAB>log p, a line each") { model, inputs, beam, nbest };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (translator, config) = Seq2SeqTask.Open(p.GetValue(model)!);
            var given = p.GetValue(inputs) is { Length: > 0 } g ? g : ReadStandardInput();
            var sources = given.Select(s => SequencePairs.Split(s, config.Units)).ToArray();
            for (int i = 0; i < sources.Length; i++)
            {
                if (sources[i].Length == 0) throw new ArgumentException($"Source {i + 1} is empty: there is nothing to read.");
                if (translator.Unknown(sources[i]).ToArray() is { Length: > 0 } unknown)
                    throw new ArgumentException($"Source {i + 1} ('{given[i]}') holds {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which the model never saw in training.");
            }
            int n = p.GetValue(nbest);
            if (n < 1) throw new ArgumentException($"--nbest must be at least 1, got {n}.");
            var lists = translator.Beam(sources, G2pCommand.Width(p.GetValue(beam)));
            for (int i = 0; i < given.Length; i++)
                foreach (var (output, logp, _) in lists[i].Take(n))
                    Console.WriteLine(FormattableString.Invariant($"{given[i]}\t{SequencePairs.Join(output, config.Units)}\t{logp:F3}"));
            return 0;
        }));
        return command;
    }

    private static string[] ReadStandardInput()
    {
        var lines = new List<string>();
        while (Console.In.ReadLine() is { } line) if (line.Length > 0) lines.Add(line);
        return lines.Count > 0 ? [.. lines] : throw new ArgumentException("Nothing to read: give sources as arguments or one per line on standard input.");
    }
}
