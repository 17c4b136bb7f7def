using System.CommandLine;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Recurrent.Data;
using Recurrent.Models.Tagging;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn tag train|eval|predict|baselines</c>: part-of-speech tagging (many to many, synchronous) on the shared trainer.
/// eval prints a line per system, the recurrent tagger first, then the most-frequent-tag and trigram-HMM baselines
/// trained on the model's own training split, in its tagset.
/// </summary>
internal static partial class TagCommand
{
    public static Command Create()
    {
        var command = new Command("tag", "Part-of-speech tagging: one tag per word");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Predict());
        command.Subcommands.Add(Baselines());
        return command;
    }

    private static Option<string> TagsetOption() =>
        new("--tagset") { Description = "brown (as in the files), simplified (no -hl, -tl, -nc, fw-) or universal (12 tags)", DefaultValueFactory = _ => "universal" };

    private static Command Train()
    {
        var defaults = new TaggingTaskConfig();
        var shape = new TaggerConfig();
        var tagset = TagsetOption();
        var data = new Option<string>("--data") { Description = "Training sentences as CoNLL columns (token first, tag last, a blank line between sentences); default: the bundled Brown corpus" };
        var brown = new Option<string>("--brown") { Description = "Another copy of the Brown corpus (a folder of c<genre><nn> files)" };
        var val = new Option<string>("--val") { Description = "With --data: validation sentences (default: every 20th sentence of --data)" };
        var test = new Option<string>("--test") { Description = "With --data: test sentences, scored when training ends" };
        var minCount = new Option<int>("--min-count") { Description = "Rarer training words share <unk>'s embedding", DefaultValueFactory = _ => defaults.MinCount };
        var charHidden = new Option<int>("--char-hidden") { Description = "Character BiLSTM size per direction (0 = no character features)", DefaultValueFactory = _ => shape.CharHidden };
        var charEmbedding = new Option<int>("--char-embedding") { Description = "Character embedding size", DefaultValueFactory = _ => shape.CharEmbedding };
        var crf = new Option<bool>("--crf") { Description = "A CRF output layer (BiLSTM-CRF): tags scored as a sequence, decoded by Viterbi" };
        var shapeOptions = new RecurrentShapeOptions(shape.Cell, shape.Layers, shape.HiddenSize, shape.WordEmbedding, shape.Dropout, "on the stack's inputs and outputs and between layers");
        var training = new TrainingOptions(new TrainingConfig { Batch = 32, EvalInterval = 500, WeightDecay = 0.01f }, "runs/tag");
        var command = new Command("train", "Train a BiLSTM tagger with character features; steps default to 5 epochs, an evaluation every 500 steps")
            { tagset, data, brown, val, test, minCount, charHidden, charEmbedding, crf };
        shapeOptions.AddTo(command);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string checkpointPath = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            var display = new TrainingDisplay("sequence tagger", "cross-entropy (nats/token)");
            var fresh = new Lazy<(TaggerConfig Model, TaggingData Data)>(() =>
            {
                if (p.GetValue(data) is null && (p.GetValue(val) ?? p.GetValue(test)) is not null) throw new ArgumentException("--val and --test go with --data (Brown has its own splits).");
                if (p.GetValue(data) is not null && p.GetValue(brown) is not null) throw new ArgumentException("Give --brown or --data, not both.");
                var taskConfig = defaults with
                {
                    Data = p.GetValue(data) is { } d ? Path.GetFullPath(d) : "brown", BrownDirectory = p.GetValue(brown) is { } b ? Path.GetFullPath(b) : null,
                    ValidationData = p.GetValue(val) is { } v ? Path.GetFullPath(v) : null, TestData = p.GetValue(test) is { } t ? Path.GetFullPath(t) : null,
                    Tagset = Tagsets.Name(Tagsets.Parse(p.GetValue(tagset)!)), MinCount = p.GetValue(minCount),
                };
                var model = shape with
                {
                    Cell = p.GetValue(shapeOptions.Cell)!, Layers = p.GetValue(shapeOptions.Layers), HiddenSize = p.GetValue(shapeOptions.Hidden),
                    WordEmbedding = p.GetValue(shapeOptions.Embedding), Dropout = p.GetValue(shapeOptions.Dropout),
                    CharHidden = p.GetValue(charHidden), CharEmbedding = p.GetValue(charEmbedding), Crf = p.GetValue(crf),
                };
                model.Validate(dataKnown: false);
                return (model, TaggingData.Load(taskConfig, Bundled.Brown));
            });
            return TaskTraining.Run(p, training, display,
                create: (rng, config) => new TaggingTask(fresh.Value.Model, fresh.Value.Data, config.Batch, rng),
                restore: (checkpoint, rng, config) => TaggingTask.Restore(checkpoint, checkpointPath, config.Batch, rng, Bundled.Brown),
                finish: trainer => Finish(trainer, checkpointPath),
                resolve: config => training.FitToEpochs(p, config, fresh.Value.Data.Train.Count, epochs: 5));
        }));
        return command;
    }

    /// <summary>After training: the best checkpoint on the test split (if there is one), beside the baselines.</summary>
    private static void Finish(Trainer trainer, string checkpointPath)
    {
        var data = ((TaggingTask)trainer.Task).Data;
        if (data.Test.Count == 0) return;
        string best = File.Exists(Trainer.BestPath(checkpointPath)) ? Trainer.BestPath(checkpointPath) : checkpointPath;
        Console.WriteLine($"test split, best checkpoint ({best}):");
        Report(TaggingTask.Open(best).Tagger, data.Train, data.Test, "test");
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A tagger checkpoint", Required = true };
        var brownFiles = new Option<string[]>("--brown") { Description = "Brown-format files (word/tag tokens, a sentence per line) to tag, in the model's tagset", AllowMultipleArgumentsPerToken = true };
        var data = new Option<string>("--data") { Description = "CoNLL sentences to tag (tags as the model's)" };
        var split = new Option<string>("--split") { Description = "Without --brown or --data: train, val or test of the checkpoint's own data", DefaultValueFactory = _ => "test" };
        var command = new Command("eval", "Score a tagger beside the most-frequent-tag and HMM baselines: accuracy, unseen-word and sentence accuracy, confusions, per-tag F1")
            { model, brownFiles, data, split };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (tagger, config) = TaggingTask.Open(Checkpoint.Load(path, TaggingTask.TaskKind), path);
            List<TaggedSentence> sentences;
            string name;
            if (p.GetValue(brownFiles) is { Length: > 0 } files)
                (sentences, name) = (TaggingCorpus.BrownFiles(files, Tagsets.Parse(config.Tagset)), string.Join(", ", files.Select(Path.GetFileName)));
            else (sentences, name) = TaggingKind.Sentences(config, p.GetValue(data), p.GetValue(split)!, Bundled.Brown);
            List<TaggedSentence>? train = null;
            try { train = TaggingData.Load(config, Bundled.Brown).Train; }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                Console.WriteLine($"baselines skipped: the training data is not readable ({e.Message})");
            }
            Report(tagger, train, sentences, name);
            return 0;
        }));
        return command;
    }

    /// <summary>One line per system (the model, then the baselines trained on <paramref name="train"/>), then the model's confusions and per-tag F1.</summary>
    private static void Report(Tagger tagger, List<TaggedSentence>? train, List<TaggedSentence> sentences, string name)
    {
        if (sentences.Count == 0) throw new ArgumentException($"{name}: no sentences to tag.");
        // Gold tags the model cannot predict: a few are rare tags training never saw; many mean another tagset.
        var modelTags = tagger.Tags.ToHashSet();
        var foreign = sentences.SelectMany(s => s.Tags).Where(t => !modelTags.Contains(t)).ToList();
        int tokens = sentences.Sum(s => s.Tokens.Count);
        if (foreign.Count > 0.05 * tokens)
            throw new ArgumentException($"{name}: {foreign.Count:N0} of {tokens:N0} tokens carry tags the model does not have " +
                $"({string.Join(", ", foreign.Distinct().Take(5))} ...); it predicts {tagger.Tags.Length} tags: {string.Join(" ", tagger.Tags.Take(12))}{(tagger.Tags.Length > 12 ? " ..." : "")}.");
        if (foreign.Count > 0) Console.WriteLine($"note: {foreign.Count:N0} tokens carry tags the model never saw in training ({string.Join(", ", foreign.Distinct().Take(5))}); they count as errors");
        Console.WriteLine($"data: {name}, {sentences.Count:N0} sentence{(sentences.Count == 1 ? "" : "s")}, {sentences.Sum(s => s.Tokens.Count):N0} tokens");
        // Unseen = not in the training sentences (for every system alike); without them, not in the model's vocabulary.
        var known = train?.SelectMany(s => s.Tokens).ToHashSet();
        Func<string, bool> isKnown = known is null ? tagger.IsKnown : known.Contains;
        var rnn = TaggingScores.Of(tagger, sentences, isKnown);
        Console.WriteLine($"rnn: {rnn.Summary()}");
        if (train is not null)
            foreach (ISentenceTagger baseline in new ISentenceTagger[] { new HmmTagger(train), new MostFrequentTagger(train) })
                Console.WriteLine($"{baseline.Name}: {TaggingScores.Of(baseline, sentences, isKnown).Summary()}");
        Console.WriteLine("rnn's most confused (gold → predicted): " + string.Join(", ", rnn.TopConfusions(8).Select(c => $"{c.Gold} → {c.Predicted} {c.Count}")));
        Console.WriteLine($"{"tag",-10} {"support",8} {"precision",9} {"recall",7} {"F1",7}");
        foreach (var t in rnn.PerTag().Take(40)) Console.WriteLine($"{t.Tag,-10} {t.Support,8:N0} {t.Precision,9:F4} {t.Recall,7:F4} {t.F1,7:F4}");
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "A tagger checkpoint", Required = true };
        var inputs = new Argument<string[]>("SENTENCE") { Description = "Sentences to tag; none: one per line of standard input", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("predict", "Tag sentences: word/TAG pairs, a line per sentence") { model, inputs };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (tagger, _) = TaggingTask.Open(p.GetValue(model)!);
            var given = p.GetValue(inputs) ?? [];
            var lines = given.Length > 0 ? [.. given] : ReadStandardInput();
            var sentences = lines.Select(l => (IReadOnlyList<string>)Tokenize(l)).ToList();
            int empty = sentences.FindIndex(s => s.Count == 0);
            if (empty >= 0) throw new ArgumentException($"Sentence {empty + 1} has no words to tag.");
            var tags = tagger.TagMany(sentences);
            for (int i = 0; i < sentences.Count; i++) Console.WriteLine(string.Join(' ', sentences[i].Select((w, j) => $"{w}/{tags[i][j]}")));
            return 0;
        }));
        return command;
    }

    /// <summary>Words as Brown writes them: runs of letters and digits with inner hyphens, apostrophes and dots kept (Atlanta's, don't, 1.5), punctuation apart.</summary>
    public static string[] Tokenize(string sentence) => [.. Token().Matches(sentence).Select(m => m.Value)];

    [GeneratedRegex(@"\w+(?:['’.\-]\w+)*|``|''|--|[^\w\s]")]
    private static partial Regex Token();

    private static List<string> ReadStandardInput()
    {
        var lines = new List<string>();
        while (Console.In.ReadLine() is { } line) if (line.Trim().Length > 0) lines.Add(line);
        return lines.Count > 0 ? lines : throw new ArgumentException("Nothing to tag: give sentences as arguments or one per line on standard input.");
    }

    private static Command Baselines()
    {
        var tagset = TagsetOption();
        var brown = new Option<string>("--brown") { Description = "A Brown corpus folder (default: the bundled copy)" };
        var data = new Option<string>("--data") { Description = "Training sentences as CoNLL columns (token, tag; a blank line between sentences) instead of Brown" };
        var test = new Option<string>("--test") { Description = "Held-out sentences in the same format as --data (required with it)" };
        var command = new Command("baselines", "Most-frequent tag and trigram HMM (TnT), trained on the training split (as rnn tag train's), scored on the test split") { tagset, brown, data, test };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            if (p.GetValue(data) is not null && p.GetValue(test) is null) throw new ArgumentException("--data needs --test, the held-out sentences in the same format.");
            if (p.GetValue(data) is not null && p.GetValue(brown) is not null) throw new ArgumentException("Give --brown or --data, not both.");
            var config = new TaggingTaskConfig
            {
                Data = p.GetValue(data) ?? "brown", BrownDirectory = p.GetValue(brown), TestData = p.GetValue(test),
                Tagset = Tagsets.Name(Tagsets.Parse(p.GetValue(tagset)!)),
            };
            var all = TaggingData.Load(config, Bundled.Brown);
            // The baselines need no validation split: they train on it too.
            var train = config.IsBrown || config.ValidationData is not null ? all.Train : [.. all.Train, .. all.Validation];
            Console.WriteLine($"{config.Data}{(config.IsBrown ? $", {config.Tagset} tags" : "")}: train {train.Count:N0} sentences, {train.Sum(s => s.Tokens.Count):N0} tokens, " +
                $"{train.SelectMany(s => s.Tags).Distinct().Count()} tags; test {all.Test.Count:N0} sentences, {all.Test.Sum(s => s.Tokens.Count):N0} tokens");
            var known = train.SelectMany(s => s.Tokens).ToHashSet();
            foreach (var make in new Func<ISentenceTagger>[] { () => new MostFrequentTagger(train), () => new HmmTagger(train) })
            {
                var clock = Stopwatch.StartNew();
                var tagger = make();
                double trainSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var scores = TaggingScores.Of(tagger, all.Test, known.Contains);
                Console.WriteLine($"{tagger.Name}: {scores.Summary()}  (trained in {trainSeconds:F1} s, tagged in {clock.Elapsed.TotalSeconds:F1} s)");
                Console.WriteLine("  most confused (gold → predicted): " + string.Join(", ", scores.TopConfusions(5).Select(c => $"{c.Gold} → {c.Predicted} {c.Count}")));
            }
            return 0;
        }));
        return command;
    }
}
