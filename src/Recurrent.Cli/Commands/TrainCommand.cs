using System.CommandLine;
using Recurrent.Data;
using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn train</c>: the language-model task on the shared trainer (<see cref="TaskTraining"/>): its data and model
/// options only; a live progress bar, checkpoints, loss curves, and a sample at the end.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var task = new LanguageModelTaskConfig();
        var model = new LanguageModelConfig();
        var text = new Option<string>("--text") { Description = "UTF-8 text file (default: the bundled Tiny Shakespeare)" };
        var corpus = new Option<string>("--corpus") { Description = "'brown' to train a word model on the bundled Brown corpus (every 10th file held out)" };
        var unit = new Option<string>("--unit") { Description = "char or word tokens", DefaultValueFactory = _ => "char" };
        var minCount = new Option<int>("--min-count") { Description = "Word models: rarer training words become <unk>", DefaultValueFactory = _ => 2 };
        var shapeOptions = new RecurrentShapeOptions(model.Cell, model.Layers, model.HiddenSize, model.EmbeddingSize, model.Dropout, "between layers and before the decoder");
        var seqLen = new Option<int>("--seq-len") { Description = "BPTT window length (tokens)", DefaultValueFactory = _ => task.SeqLen };
        var bptt = new Option<string>("--bptt") { Description = "stateful (carry state across windows) or random (independent windows)", DefaultValueFactory = _ => task.Bptt };
        var training = new TrainingOptions(new TrainingConfig(), "runs/char-lm");
        var command = new Command("train", "Train a recurrent language model (characters or words)")
            { text, corpus, unit, minCount, seqLen, bptt };
        shapeOptions.AddTo(command);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string u = p.GetValue(unit)!;
            var source = TextCorpus.Choose(p.GetValue(text), p.GetValue(corpus), u == "word", Bundled.TinyShakespeare, Bundled.Brown);
            LanguageModelData Data(Text.ITokenVocabulary? vocabulary, LanguageModelTaskConfig config) =>
                LanguageModelData.Load(source, u, p.GetValue(minCount), config.ValidationFraction, vocabulary);
            var shape = new LanguageModelConfig(p.GetValue(shapeOptions.Cell)!, 0, p.GetValue(shapeOptions.Embedding), p.GetValue(shapeOptions.Hidden),
                p.GetValue(shapeOptions.Layers), p.GetValue(shapeOptions.Dropout));
            var taskConfig = task with { SeqLen = p.GetValue(seqLen), Bptt = p.GetValue(bptt)! };
            var display = new TrainingDisplay($"{shape.Cell.ToUpperInvariant()} {shape.Layers}×{shape.HiddenSize}, {u} level", $"cross-entropy (nats/{u})");
            return TaskTraining.Run(p, training, display,
                create: (rng, config) =>
                {
                    shape.Validate(vocabularyKnown: false);
                    taskConfig.Validate();
                    return new LanguageModelTask(shape, taskConfig, config.Batch, Data(null, taskConfig), rng);
                },
                restore: (checkpoint, rng, config) =>
                    LanguageModelTask.Restore(checkpoint, Path.Combine(training.OutDir(p), "checkpoint.safetensors"), config.Batch, rng, Data),
                finish: trainer => Sample((LanguageModelTask)trainer.Task, trainer.Config.Seed));
        }));
        return command;
    }

    private static void Sample(LanguageModelTask task, ulong seed)
    {
        Console.WriteLine("sample (temperature 0.8):");
        var sampler = new Sampler(task.Model, task.Vocabulary);
        foreach (var piece in sampler.Generate("", task.Vocabulary.Unit == "char" ? 400 : 80, 0.8f, 0, new Rng(seed))) Console.Write(piece);
        Console.WriteLine();
    }
}
