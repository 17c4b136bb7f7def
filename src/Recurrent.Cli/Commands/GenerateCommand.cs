using System.CommandLine;
using System.Globalization;
using Recurrent.Data;
using Recurrent.Models.Classification;
using Recurrent.Models.Generation;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn generate train|eval</c> and <c>rnn generate --model CKPT --condition LABEL</c>: one to many, a character decoder
/// conditioned on a class (Brown's genres by default), on the shared trainer; its evaluation against the same model
/// without conditioning, and its passages judged by a genre classifier.
/// </summary>
internal static class GenerateCommand
{
    private static string BrownDirectory => Path.Combine(AppContext.BaseDirectory, "data", "brown");

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A conditional language model's checkpoint (rnn generate train)" };
        var condition = new Option<string>("--condition") { Description = "The class to write (a label, or a Brown genre's name: news, romance, ...)" };
        var (length, temperature, topK, seed) = SamplingOptions(600);
        var count = new Option<int>("--count") { Description = "Passages to write", DefaultValueFactory = _ => 1 };
        var command = new Command("generate", "Write text of a given class with a conditional language model (one to many)")
            { model, condition, length, temperature, topK, seed, count };
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model) ?? throw new ArgumentException("--model names the checkpoint that writes (or use rnn generate train|eval).");
            var (m, labels, vocabulary, _) = GenerationTask.Open(path);
            int k = m.Config.IsConditional
                ? ClassOf(p.GetValue(condition) ?? throw new ArgumentException($"--condition names the class to write: one of {Names(labels)}."), labels)
                : p.GetValue(condition) is null ? 0 : throw new ArgumentException($"{path} was trained without conditioning (--conditioning none): it takes no --condition.");
            int n = p.GetValue(count);
            if (n < 1) throw new ArgumentException($"--count must be at least 1, got {n}.");
            var texts = new ConditionalSampler(m, vocabulary).Generate(Enumerable.Repeat(k, n).ToArray(), p.GetValue(length),
                p.GetValue(temperature), p.GetValue(topK), p.GetValue(seed));
            Console.WriteLine(string.Join("\n\n", texts));
            return 0;
        }));
        return command;
    }

    private static (Option<int> Length, Option<float> Temperature, Option<int> TopK, Option<ulong> Seed) SamplingOptions(int length) => (
        new("--length") { Description = "Characters to write", DefaultValueFactory = _ => length },
        new("--temperature") { Description = "Softmax temperature (> 0; lower is more conservative)", DefaultValueFactory = _ => 0.8f },
        new("--top-k") { Description = "Sample only among the k most likely characters (0 = all)", DefaultValueFactory = _ => 0 },
        new("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1UL });

    /// <summary>A class by label, or by a Brown genre's name; anything else is a one-line error listing them.</summary>
    public static int ClassOf(string given, string[] labels)
    {
        int k = Array.IndexOf(labels, given);
        if (k < 0 && BrownCorpus.GenreNames.FirstOrDefault(g => g.Value.Equals(given, StringComparison.OrdinalIgnoreCase)).Key is { } letter)
            k = Array.IndexOf(labels, letter);
        return k >= 0 ? k : throw new ArgumentException($"Unknown --condition '{given}': the model knows {Names(labels)}.");
    }

    private static string Names(string[] labels) => string.Join(", ", labels.Select(Name));

    /// <summary>"a (news)" for a Brown genre, else the label.</summary>
    private static string Name(string label) => BrownCorpus.GenreNames.TryGetValue(label, out var name) ? $"{label} ({name})" : label;

    private static Command Train()
    {
        var data = new Option<string>("--data") { Description = "brown (the bundled corpus's genres), a TSV/CSV of label and text, or a folder of class folders", DefaultValueFactory = _ => "brown" };
        var val = new Option<string>("--val") { Description = "Validation file (default: a seeded tenth of the documents)" };
        var test = new Option<string>("--test") { Description = "Test file (default: a seeded tenth; Brown: every 10th file)" };
        var defaults = new ConditionalLanguageModelConfig();
        var conditioning = new Option<string>("--conditioning") { Description = "first (the class is the first step's input), every (beside every step's input) or none (the unconditional baseline)", DefaultValueFactory = _ => defaults.Conditioning };
        var conditionSize = new Option<int>("--condition-size") { Description = "The class embedding's size (0: the token embedding's; first needs that)", DefaultValueFactory = _ => 0 };
        var seqLen = new Option<int>("--seq-len") { Description = "Characters per training window (windows start at word starts)", DefaultValueFactory = _ => new GenerationTaskConfig().SeqLen };
        var shape = new RecurrentShapeOptions(defaults.Cell, defaults.Layers, defaults.HiddenSize, defaults.EmbeddingSize, defaults.Dropout, "between layers and before the output layer");
        var training = new TrainingOptions(new TrainingConfig { Batch = 32, Steps = 3000, EvalInterval = 500, WeightDecay = 0.01f }, "runs/generate");
        var command = new Command("train", "Train a character decoder conditioned on a class") { data, val, test, conditioning, conditionSize, seqLen };
        shape.AddTo(command);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string checkpointPath = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            var display = new TrainingDisplay("conditional language model", "cross-entropy (nats/char)");
            return TaskTraining.Run(p, training, display,
                create: (rng, config) =>
                {
                    var model = defaults with
                    {
                        Conditioning = p.GetValue(conditioning)!, ConditionSize = p.GetValue(conditionSize), Cell = p.GetValue(shape.Cell)!,
                        Layers = p.GetValue(shape.Layers), HiddenSize = p.GetValue(shape.Hidden), EmbeddingSize = p.GetValue(shape.Embedding),
                        Dropout = p.GetValue(shape.Dropout),
                    };
                    model.Validate(dataKnown: false);
                    var task = new GenerationTaskConfig(Full(p.GetValue(data))!, Full(p.GetValue(val)), Full(p.GetValue(test)), p.GetValue(seqLen));
                    return new GenerationTask(model, GenerationData.Load(task, BrownDirectory), config.Batch, rng);
                },
                restore: (checkpoint, rng, config) => GenerationTask.Restore(checkpoint, checkpointPath, config.Batch, rng, BrownDirectory));
        }));
        return command;
    }

    private static string? Full(string? path) => path is null or "brown" ? path : Path.GetFullPath(path);

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A conditional language model's checkpoint", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "The same model trained with --conditioning none, scored on the same documents" };
        var classifier = new Option<string>("--classifier") { Description = "A classifier checkpoint (rnn classify train) that judges the written passages" };
        var samples = new Option<int>("--samples") { Description = "Passages written per class for the classifier", DefaultValueFactory = _ => 20 };
        var (length, temperature, topK, seed) = SamplingOptions(600);
        var split = new Option<string>("--split") { Description = "test or val", DefaultValueFactory = _ => "test" };
        var plot = new Option<string>("--plot") { Description = "PNG of the classifier's confusion matrix on the written passages (default: next to --model)" };
        var command = new Command("eval", "Per-class perplexity on held-out documents (against --baseline), and written passages judged by --classifier")
            { model, baseline, classifier, samples, length, temperature, topK, seed, split, plot };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (m, labels, vocabulary, config) = GenerationTask.Open(path);
            if (!m.Config.IsConditional) throw new ArgumentException($"{path} was trained without conditioning; give it as --baseline beside a conditional model.");
            var data = GenerationData.Load(config, BrownDirectory, vocabulary);
            var documents = data.Split(p.GetValue(split)!);
            int K = labels.Length;
            var score = ConditionalPerplexity.Score(m, documents, K, config.SeqLen, vocabulary.StartToken);
            // The control: each document read as the next class. If the model uses the condition, the wrong one costs.
            var wrong = ConditionalPerplexity.Score(m, documents, K, config.SeqLen, vocabulary.StartToken, conditionOf: d => (d.Class + 1) % K);
            (double[] Nats, long[] Characters)? other = null;
            if (p.GetValue(baseline) is { } b)
            {
                var (bm, _, bVocabulary, bConfig) = GenerationTask.Open(b);
                if (bm.Config.IsConditional) throw new ArgumentException($"{b} is conditional too; the baseline is a model trained with --conditioning none.");
                if (bVocabulary.ToString() != vocabulary.ToString() || bConfig != config)
                    throw new ArgumentException($"{b} was trained on other data or windows than {path}; train both on the same --data and --seq-len.");
                other = ConditionalPerplexity.Score(bm, documents, K, config.SeqLen, vocabulary.StartToken);
            }
            Console.WriteLine($"{p.GetValue(split)}: {documents.Count:N0} documents, {score.Characters.Sum():N0} characters; perplexity per character, each piece of ≤ {config.SeqLen} read from the start");
            Console.WriteLine($"{"class",-22} {"conditional",11} {"wrong class",11}" + (other is null ? "" : $" {"unconditional",13} {"change",7}"));
            for (int k = 0; k <= K; k++)
            {
                bool all = k == K;
                double Ppl((double[] Nats, long[] Characters) s) => Math.Exp(all ? s.Nats.Sum() / s.Characters.Sum() : s.Nats[k] / s.Characters[k]);
                if (!all && score.Characters[k] == 0) continue;
                string line = string.Create(CultureInfo.InvariantCulture, $"{(all ? "all" : Name(labels[k])),-22} {Ppl(score),11:F3} {Ppl(wrong),11:F3}");
                if (other is { } o) line += string.Create(CultureInfo.InvariantCulture, $" {Ppl(o),13:F3} {(Ppl(score) / Ppl(o) - 1) * 100,6:F1}%");
                Console.WriteLine(line);
            }
            Console.WriteLine("wrong class: each document read as the next class (a → b, ..., the last → the first); change: conditional against unconditional");
            if (p.GetValue(classifier) is { } c) Judge(p, c, m, labels, vocabulary, samples, length, temperature, topK, seed,
                p.GetValue(plot) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "generated-confusion.png"));
            return 0;
        }));
        return command;
    }

    /// <summary>Writes --samples passages of every class and reports how often the classifier names the class they were written for.</summary>
    private static void Judge(ParseResult p, string classifierPath, ConditionalLanguageModel m, string[] labels, Text.CharVocabulary vocabulary,
        Option<int> samples, Option<int> length, Option<float> temperature, Option<int> topK, Option<ulong> seed, string plotPath)
    {
        var (judge, judgeConfig) = ClassificationTask.Open(classifierPath);
        if (!labels.All(l => judge.Labels.Contains(l)))
            throw new ArgumentException($"{classifierPath} classifies into {string.Join(", ", judge.Labels)}, which lacks some of the generator's classes ({string.Join(", ", labels)}).");
        int n = p.GetValue(samples);
        if (n < 1) throw new ArgumentException($"--samples must be at least 1, got {n}.");
        var classes = Enumerable.Range(0, labels.Length).SelectMany(k => Enumerable.Repeat(k, n)).ToArray();
        var texts = new ConditionalSampler(m, vocabulary).Generate(classes, p.GetValue(length), p.GetValue(temperature), p.GetValue(topK), p.GetValue(seed));
        var written = texts.Select((t, i) => ClassificationExample.OfText(labels[classes[i]], t, $"generated {i}", $"generated passage {i + 1}")).ToList();
        var (scores, _) = judge.Score(written);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"written passages: {written.Count} ({n} per class, {p.GetValue(length)} characters, temperature {p.GetValue(temperature)}), classified by {classifierPath}: " +
            $"accuracy {100 * scores.Accuracy:F1}% (chance {100.0 / labels.Length:F1}%), macro-F1 {scores.F1.Average():F3}"));
        if (judgeConfig.Data == "brown")
        {
            var real = ClassificationKind.Examples(judgeConfig, new EvaluationRequest(null, "test"), BrownDirectory).Examples;
            Console.WriteLine($"the classifier on real test passages ({real.Count}): accuracy {100 * judge.Score(real).Scores.Accuracy:F1}%");
        }
        ConfusionPlot.Save(plotPath, $"written passages by condition, classified ({100 * scores.Accuracy:F1}%)", scores);
        Console.WriteLine($"confusion matrix: {plotPath}");
    }
}
