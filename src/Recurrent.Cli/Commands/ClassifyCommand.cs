using System.CommandLine;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Models.Classification;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn classify train|eval|predict</c>: many-to-one sequence classification of texts (TSV/CSV, a folder of class
/// folders, the bundled Brown genres) and of numeric sequences (JSON Lines), on the shared trainer. eval prints the
/// model beside naive Bayes and the majority class, trained on the model's own training split.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var command = new Command("classify", "Sequence classification (many-to-one): texts or numeric sequences → a class");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Predict());
        return command;
    }

    private static Command Train()
    {
        var defaults = new ClassificationTaskConfig("");
        var shape = new ClassifierConfig();
        var data = new Option<string>("--data") { Description = "A .tsv/.csv file (label, text), a .jsonl file of numeric sequences, or a folder of class folders of .txt files" };
        var corpus = new Option<string>("--corpus") { Description = "'brown': the bundled Brown corpus's 15 genres (every 10th file is the test split)" };
        var val = new Option<string>("--val") { Description = "A validation file in the same format (default: a seeded 10% of the documents)" };
        var test = new Option<string>("--test") { Description = "A test file in the same format (default: a seeded 10% of the documents)" };
        var labelColumn = new Option<string>("--label-column") { Description = "TSV/CSV: the label column, a 0-based index or a header name", DefaultValueFactory = _ => defaults.LabelColumn };
        var textColumn = new Option<string>("--text-column") { Description = "TSV/CSV: the text column, a 0-based index or a header name", DefaultValueFactory = _ => defaults.TextColumn };
        var header = new Option<bool?>("--header") { Description = "TSV/CSV: whether the first row names the columns (default: when a column is named, or the row is 'label, text')" };
        var unit = new Option<string>("--unit") { Description = "word or char tokens", DefaultValueFactory = _ => defaults.Unit };
        var minCount = new Option<int>("--min-count") { Description = "Rarer training tokens become <unk>", DefaultValueFactory = _ => defaults.MinCount };
        var maxVocab = new Option<int>("--max-vocab") { Description = "Most frequent tokens kept", DefaultValueFactory = _ => defaults.MaxVocab };
        var maxLength = new Option<int>("--max-length") { Description = "Longer examples are cut to this many tokens (steps)", DefaultValueFactory = _ => defaults.MaxLength };
        var passageWords = new Option<int?>("--passage-words") { Description = "Cut documents into passages of this many words (default: 100 for Brown, whole documents otherwise)" };
        var classWeights = new Option<string>("--class-weights") { Description = "none, or balanced (N/(C·n_c) in the loss)", DefaultValueFactory = _ => defaults.ClassWeights };
        var shapeOptions = new RecurrentShapeOptions(shape.Cell, shape.Layers, shape.HiddenSize, shape.EmbeddingSize, shape.Dropout, "on the pooled vector and between layers");
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Read each sequence in both directions", DefaultValueFactory = _ => shape.Bidirectional };
        var pooling = new Option<string>("--pooling") { Description = "last, mean, max or attention", DefaultValueFactory = _ => shape.Pooling };
        var tokenDropout = new Option<float>("--token-dropout") { Description = "Training: each token becomes <unk> with this probability", DefaultValueFactory = _ => shape.TokenDropout };
        var training = new TrainingOptions(new TrainingConfig { Batch = 32, EvalInterval = 250 }, "runs/classify");
        var command = new Command("train", "Train a recurrent classifier; steps default to 10 epochs, evaluations to one per epoch")
            { data, corpus, val, test, labelColumn, textColumn, header, unit, minCount, maxVocab, maxLength, passageWords, classWeights,
              bidirectional, pooling, tokenDropout };
        shapeOptions.AddTo(command);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string checkpointPath = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            var display = new TrainingDisplay("sequence classifier", "cross-entropy (nats/sequence)");
            // A fresh run's model and data, read from the options only when the run is not a resume.
            var fresh = new Lazy<(ClassifierConfig Model, ClassificationData Data)>(() =>
            {
                string source = (p.GetValue(corpus), p.GetValue(data)) switch
                {
                    ("brown", null) => "brown",
                    (null, { } d) => Path.GetFullPath(d),
                    (null, null) => throw new ArgumentException("No data: give --data FILE|DIR or --corpus brown."),
                    ({ } c, null) => throw new ArgumentException($"Unknown --corpus '{c}': the bundled corpus is 'brown'."),
                    _ => throw new ArgumentException("Give --data or --corpus, not both."),
                };
                var taskConfig = defaults with
                {
                    Data = source, ValidationData = p.GetValue(val) is { } v ? Path.GetFullPath(v) : null,
                    TestData = p.GetValue(test) is { } t ? Path.GetFullPath(t) : null,
                    LabelColumn = p.GetValue(labelColumn)!, TextColumn = p.GetValue(textColumn)!, Header = p.GetValue(header), Unit = p.GetValue(unit)!,
                    MinCount = p.GetValue(minCount), MaxVocab = p.GetValue(maxVocab), MaxLength = p.GetValue(maxLength),
                    PassageWords = p.GetValue(passageWords) ?? (source == "brown" ? 100 : 0), ClassWeights = p.GetValue(classWeights)!,
                };
                var model = shape with
                {
                    Cell = p.GetValue(shapeOptions.Cell)!, Layers = p.GetValue(shapeOptions.Layers), HiddenSize = p.GetValue(shapeOptions.Hidden),
                    EmbeddingSize = p.GetValue(shapeOptions.Embedding), Dropout = p.GetValue(shapeOptions.Dropout),
                    Bidirectional = p.GetValue(bidirectional), Pooling = p.GetValue(pooling)!, TokenDropout = p.GetValue(tokenDropout),
                };
                model.Validate(dataKnown: false);
                return (model, ClassificationData.Load(taskConfig, Bundled.Brown));
            });
            return TaskTraining.Run(p, training, display,
                create: (rng, config) => new ClassificationTask(fresh.Value.Model, fresh.Value.Data, config.Batch, rng),
                restore: (checkpoint, rng, config) => ClassificationTask.Restore(checkpoint, checkpointPath, config.Batch, rng, Bundled.Brown),
                finish: trainer => Finish(trainer, checkpointPath),
                resolve: config => training.FitToEpochs(p, config, fresh.Value.Data.Train.Count, epochs: 10));
        }));
        return command;
    }

    /// <summary>After training: the best checkpoint on the test split, beside the baselines.</summary>
    private static void Finish(Trainer trainer, string checkpointPath)
    {
        string best = File.Exists(Trainer.BestPath(checkpointPath)) ? Trainer.BestPath(checkpointPath) : checkpointPath;
        var (classifier, _) = ClassificationTask.Open(best);
        var data = ((ClassificationTask)trainer.Task).Data;
        Console.WriteLine($"test split, best checkpoint ({best}):");
        Report(classifier, data, data.Test, "test", Path.Combine(Path.GetDirectoryName(checkpointPath)!, "confusion.png"));
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A classifier checkpoint", Required = true };
        var data = new Option<string>("--data") { Description = "Examples to score, in the training data's format (default: the checkpoint's own split)" };
        var split = new Option<string>("--split") { Description = "Without --data: train, val or test", DefaultValueFactory = _ => "test" };
        var plot = new Option<string>("--plot") { Description = "The confusion-matrix PNG (default: confusion-SPLIT.png beside the checkpoint)" };
        var command = new Command("eval", "Score a classifier beside naive Bayes and the majority class: accuracy, macro-F1, per-class F1, confusion matrix")
            { model, data, split, plot };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var checkpoint = Checkpoint.Load(path, ClassificationTask.TaskKind);
            var (classifier, config) = ClassificationTask.Open(checkpoint, path);
            var (examples, name) = ClassificationKind.Examples(config, new EvaluationRequest(p.GetValue(data), p.GetValue(split)!), Bundled.Brown);
            ClassificationData? training = null;
            try { training = ClassificationData.Load(config, Bundled.Brown); }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                Console.WriteLine($"baselines skipped: the training data is not readable ({e.Message})");
            }
            string plotPath = p.GetValue(plot) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
                $"confusion-{(p.GetValue(data) is { } d ? Path.GetFileNameWithoutExtension(d) : name)}.png");
            Report(classifier, training, examples, name, plotPath);
            return 0;
        }));
        return command;
    }

    /// <summary>One line per system (the model, then the baselines), the model's per-class table and confusion matrix, and its PNG.</summary>
    private static void Report(Classifier classifier, ClassificationData? training, IReadOnlyList<ClassificationExample> examples, string name, string plotPath)
    {
        var (scores, loss) = classifier.Score(examples);
        Console.WriteLine($"data: {name}, {examples.Count:N0} examples, {classifier.Labels.Length} classes");
        Console.WriteLine($"rnn: {scores.Line}  (loss {loss:F4})");
        if (training is not null)
            foreach (var (system, s) in Baselines.Score(training, examples)) Console.WriteLine($"{system}: {s.Line}");
        Console.WriteLine();
        Console.WriteLine(scores.PerClassTable());
        Console.WriteLine();
        Console.WriteLine(scores.ConfusionTable());
        ConfusionPlot.Save(plotPath, $"confusion matrix: {name} ({scores.Line})", scores);
        Console.WriteLine($"confusion matrix: {plotPath}");
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "A classifier checkpoint", Required = true };
        var top = new Option<int>("--top") { Description = "Show the k most probable classes", DefaultValueFactory = _ => 1 };
        var inputs = new Argument<string[]>("TEXT") { Description = "Texts to classify (numeric models: JSON arrays of steps); none: one per line of standard input", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("predict", "Classify texts (or numeric sequences): the label with its probability") { model, top, inputs };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (classifier, _) = ClassificationTask.Open(p.GetValue(model)!);
            int k = p.GetValue(top);
            if (k < 1) throw new ArgumentException($"--top must be at least 1, got {k}.");
            var given = p.GetValue(inputs) ?? [];
            var lines = given.Length > 0 ? given : ReadStandardInput();
            var examples = Examples(classifier, lines, given.Length > 0 ? "argument" : "stdin");
            var probabilities = classifier.Probabilities(examples);
            for (int i = 0; i < examples.Count; i++)
            {
                var ranked = probabilities[i].Select((q, c) => (q, c)).OrderByDescending(x => x.q).ThenBy(x => x.c).Take(Math.Min(k, classifier.Labels.Length));
                Console.WriteLine($"{string.Join("  ", ranked.Select(x => $"{classifier.Labels[x.c]} {x.q:F3}"))}\t{Shorten(lines[i])}");
            }
            return 0;
        }));
        return command;
    }

    private static List<ClassificationExample> Examples(Classifier classifier, IReadOnlyList<string> lines, string source)
    {
        if (classifier.Vocabulary is not null)
            return lines.Select((l, i) => ClassificationExample.OfText("", l, "", $"{source} {i + 1}")).ToList();
        var wrapped = lines.Select(l => l.TrimStart().StartsWith('[') ? $"{{\"x\": {l}}}" : l).ToList();
        return JsonLinesSequences.Parse(wrapped, source, labelRequired: false)
            .Select(s => new ClassificationExample("", null, s.Values, s.Features, "", $"{source} {s.Line}")).ToList();
    }

    private static string[] ReadStandardInput()
    {
        var lines = new List<string>();
        while (Console.In.ReadLine() is { } line) if (line.Trim().Length > 0) lines.Add(line);
        return lines.Count > 0 ? [.. lines] : throw new ArgumentException("Nothing to classify: give texts as arguments or one per line on standard input.");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
