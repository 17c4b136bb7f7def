using System.CommandLine;
using Recurrent.Data;
using Recurrent.Models.Seq2Seq;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn g2p train|eval</c> and <c>rnn g2p --model CKPT WORD...</c>: grapheme-to-phoneme conversion with an attentional
/// encoder-decoder on CMUdict (many to many, asynchronous), on the shared trainer.
/// </summary>
internal static class G2pCommand
{
    public static string BundledDictionary => Path.Combine(AppContext.BaseDirectory, "data", "cmudict", "dict.txt");

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A G2P checkpoint" };
        var words = new Argument<string[]>("WORD") { Description = "Words to pronounce", Arity = ArgumentArity.ZeroOrMore };
        var beam = BeamOption(5);
        var nbest = new Option<int>("--nbest") { Description = "Pronunciations printed per word, best first, with log p", DefaultValueFactory = _ => 3 };
        var plot = new Option<string>("--attention-plot") { Description = "PNG of the first word's attention (letters against phones, greedy decoding)" };
        var command = new Command("g2p", "Grapheme to phoneme: pronounce words with an encoder-decoder trained on CMUdict") { model, words, beam, nbest, plot };
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model) ?? throw new ArgumentException("--model names the checkpoint that pronounces the words (or use rnn g2p train|eval).");
            var given = p.GetValue(words) ?? [];
            if (given.Length == 0) throw new ArgumentException("Give words to pronounce: rnn g2p --model CKPT WORD ...");
            var (translator, _) = Seq2SeqTask.Open(path);
            var sources = given.Select(Seq2SeqData.Letters).ToArray();
            for (int i = 0; i < sources.Length; i++)
                if (translator.Unknown(sources[i]).ToArray() is { Length: > 0 } unknown)
                    throw new ArgumentException($"'{given[i]}' holds {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which the model never saw in training (it knows {string.Join("", Enumerable.Range(Symbols.Reserved, translator.Source.Count - Symbols.Reserved).Select(id => translator.Source[id]))}).");
            int n = p.GetValue(nbest);
            if (n < 1) throw new ArgumentException($"--nbest must be at least 1, got {n}.");
            var lists = translator.Beam(sources, Width(p.GetValue(beam)));
            for (int i = 0; i < given.Length; i++)
                foreach (var (output, logp, _) in lists[i].Take(n))
                    Console.WriteLine(FormattableString.Invariant($"{given[i]}  {string.Join(' ', output)}  ({logp:F3})"));
            if (p.GetValue(plot) is { } png)
            {
                var (phones, weights) = translator.Attend(sources[0]);
                if (weights is null) throw new ArgumentException("This model has no attention to plot (--attention none).");
                if (phones.Length == 0) throw new ArgumentException($"The model wrote no phones for '{given[0]}': there is no attention to plot.");
                var shades = new double[phones.Length, sources[0].Length];
                for (int t = 0; t < phones.Length; t++)
                    for (int s = 0; s < sources[0].Length; s++) shades[t, s] = weights[t][s];
                MatrixPlot.Save(png, $"Attention: {given[0]} → {string.Join(' ', phones)}", "letter", "phone (greedy)", phones, sources[0], shades);
                Console.WriteLine($"attention: {png}");
            }
            return 0;
        }));
        return command;
    }

    public static Option<int> BeamOption(int width) =>
        new("--beam") { Description = "Beam width (1: greedy decoding)", DefaultValueFactory = _ => width };

    public static int Width(int width) => width >= 1 ? width : throw new ArgumentException($"--beam must be at least 1, got {width}.");

    private static Command Train()
    {
        var dict = new Option<string>("--dict") { Description = "A dictionary in CMUdict format (default: the bundled CMUdict)" };
        var noStress = new Option<bool>("--no-stress") { Description = "Train on phones without stress digits (AH0 → AH)" };
        return Seq2SeqCommand.Train("Train an attentional encoder-decoder on CMUdict", "runs/g2p", "cross-entropy (nats/phone)", [dict, noStress],
            p => new Seq2SeqTaskConfig(Dictionary: p.GetValue(dict) is { } d ? Path.GetFullPath(d) : null, Stress: !p.GetValue(noStress)));
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A G2P checkpoint", Required = true };
        var dict = new Option<string>("--dict") { Description = "Words to pronounce, in CMUdict format (every variant a reference); default: the checkpoint's test words" };
        var noStress = new Option<bool>("--no-stress") { Description = "Score without stress digits only" };
        var beam = BeamOption(1);
        var command = new Command("eval", "Word and phone error rates (a word is right if it matches any of its pronunciations), with and without stress") { model, dict, noStress, beam };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (translator, config) = Seq2SeqTask.Open(Checkpoint.Load(path, Seq2SeqTask.TaskKind), path);
            var examples = p.GetValue(dict) is { } file
                ? Seq2SeqData.Examples(CmuDict.Read(file), config.Stress)
                : Seq2SeqData.Load(config, BundledDictionary).Test;
            var unknown = examples.SelectMany(e => translator.Unknown(e.Source)).Distinct().ToArray();
            if (unknown.Length > 0) Console.WriteLine($"note: characters the model never saw ({string.Join(" ", unknown)}) are read as <unk>");
            int width = Width(p.GetValue(beam));
            var outputs = translator.Decode([.. examples.Select(e => e.Source)], width);
            Console.WriteLine($"{examples.Count:N0} words, {(width == 1 ? "greedy decoding" : $"beam search, width {width}")}");
            if (!p.GetValue(noStress) && config.Stress) Console.WriteLine($"with stress:    {SequenceScores.Of(examples, outputs).Summary()}");
            Console.WriteLine($"{(p.GetValue(noStress) ? "" : "without stress: ")}{SequenceScores.Of(examples, outputs, ignoreDigits: true).Summary()}");
            return 0;
        }));
        return command;
    }
}
