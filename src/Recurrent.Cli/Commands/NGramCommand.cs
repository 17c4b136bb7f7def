using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Text.NGrams;
using Recurrent.Data;
using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn ngram train|eval|sample|compare</c>: count-based language models and the side-by-side table.</summary>
internal static class NGramCommand
{
    public static Command Create()
    {
        var command = new Command("ngram", "Count-based n-gram language models (MLE, add-k, interpolated modified Kneser-Ney)");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Sample());
        command.Subcommands.Add(Compare());
        return command;
    }

    private static Option<string> TextOption() => new("--text") { Description = "UTF-8 text file (default: the bundled Tiny Shakespeare)" };
    private static Option<string> CorpusOption() => new("--corpus") { Description = "'brown' for the bundled Brown corpus (word level; every 10th file held out)" };
    private static Option<string> SplitOption() => new("--split")
    { Description = "all; train or val: the first 90% / last 10% of a text, or the Brown training / held-out files", DefaultValueFactory = _ => "all" };
    private static Option<string> UnitOption() => new("--unit") { Description = "char or word", DefaultValueFactory = _ => "char" };

    private static Command Train()
    {
        var text = TextOption(); var corpus = CorpusOption(); var split = SplitOption(); var unit = UnitOption();
        var order = new Option<int>("--order") { Description = "n, 1 to 10", DefaultValueFactory = _ => 5 };
        var smoothing = new Option<string>("--smoothing") { Description = "kn (interpolated modified Kneser-Ney), addk or mle", DefaultValueFactory = _ => "kn" };
        var k = new Option<float>("--k") { Description = "k for add-k smoothing", DefaultValueFactory = _ => 0.01f };
        var minCount = new Option<int>("--min-count") { Description = "Types seen fewer times become <unk> (default: 1 for char, 2 for word)" };
        var output = new Option<string>("--out") { Description = "Model file to write", Required = true };
        var command = new Command("train", "Count an n-gram model and save it") { text, corpus, split, unit, order, smoothing, k, minCount, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var u = ParseUnit(p.GetValue(unit)!, p.GetValue(corpus));
            var s = ParseSmoothing(p.GetValue(smoothing)!);
            int min = p.GetResult(minCount) is { Implicit: false } ? p.GetValue(minCount) : u == TokenUnit.Word ? 2 : 1;
            NGramModel.CheckOptions(p.GetValue(order), s, p.GetValue(k), min);
            var (sequences, description) = Load(p.GetValue(text), p.GetValue(corpus), p.GetValue(split)!, u);
            var clock = Stopwatch.StartNew();
            var model = NGramModel.Train(sequences, u, p.GetValue(order), s, p.GetValue(k), min);
            model.Save(p.GetValue(output)!);
            Console.WriteLine($"{description}: {Describe(model)} built in {clock.Elapsed.TotalSeconds:F1} s → {p.GetValue(output)} ({new FileInfo(p.GetValue(output)!).Length / 1024.0:N0} KiB)");
            return 0;
        }));
        return command;
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "Model file from 'rnn ngram train'", Required = true };
        var text = TextOption(); var corpus = CorpusOption(); var split = SplitOption();
        var command = new Command("eval", "Cross-entropy and perplexity of an n-gram model on a text") { model, text, corpus, split };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var m = NGramModel.Load(p.GetValue(model)!);
            var (sequences, description) = Load(p.GetValue(text), p.GetValue(corpus), p.GetValue(split)!, m.Unit);
            var r = m.Evaluate(sequences);
            Console.WriteLine($"{description}: {Describe(m)}");
            Console.WriteLine($"{r.Tokens:N0} {Unit(m)}s predicted: cross-entropy {Format(r.CrossEntropy)} nats/{Unit(m)} ({Format(r.BitsPerToken)} bits), perplexity {Format(r.Perplexity)}");
            Console.WriteLine(OovPolicy(m, r));
            return 0;
        }));
        return command;
    }

    private static Command Sample()
    {
        var model = new Option<string>("--model") { Description = "Model file from 'rnn ngram train'", Required = true };
        var length = new Option<int>("--length") { Description = "Tokens to generate", DefaultValueFactory = _ => 300 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Generate text from an n-gram model") { model, length, seed };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            Console.WriteLine(NGramModel.Load(p.GetValue(model)!).Sample(p.GetValue(length), new Rng(p.GetValue(seed))));
            return 0;
        }));
        return command;
    }

    private static Command Compare()
    {
        var text = TextOption(); var corpus = CorpusOption(); var unit = UnitOption();
        var maxOrder = new Option<int>("--max-order") { Description = "Orders 1..N", DefaultValueFactory = _ => 8 };
        var k = new Option<float>("--k") { Description = "k for add-k smoothing", DefaultValueFactory = _ => 0.01f };
        var rnn = new Option<string>("--rnn") { Description = "A checkpoint from 'rnn train' (char or word level, as --unit) to score on the same held-out text" };
        var markdown = new Option<string>("--markdown") { Description = "Also write the table as Markdown to this file" };
        var plot = new Option<string>("--plot") { Description = "Also write bits per token against the n-gram order (the RNN as a line) to this PNG" };
        var command = new Command("compare", "Perplexity of n-gram models of orders 1..N (and an RNN) on the same held-out text") { text, corpus, unit, maxOrder, k, rnn, markdown, plot };
        command.SetAction(p => CliErrors.Guard(() => RunCompare(p.GetValue(text), p.GetValue(corpus), p.GetValue(unit)!, p.GetValue(maxOrder),
            p.GetValue(k), p.GetValue(rnn), p.GetValue(markdown), p.GetValue(plot))));
        return command;
    }

    private static int RunCompare(string? textPath, string? corpus, string unitName, int maxOrder, float k, string? rnnPath, string? markdownPath, string? plotPath)
    {
        var unit = ParseUnit(unitName, corpus);
        NGramModel.CheckOptions(maxOrder, Smoothing.KneserNey, k, 1);
        int minCount = unit == TokenUnit.Word ? 2 : 1;
        var (train, trainDescription) = Load(textPath, corpus, "train", unit);
        var (heldOut, heldDescription) = Load(textPath, corpus, "val", unit);
        string u = unit == TokenUnit.Char ? "char" : "word";
        var lines = new List<string>
        {
            $"| model | order | MLE | add-k (k = {k.ToString(CultureInfo.InvariantCulture)}) | Kneser-Ney | KN bits/{u} | build s |",
            "|---|---|---|---|---|---|---|",
        };
        Console.WriteLine($"train: {trainDescription}\nheld out: {heldDescription}");
        Console.WriteLine($"{"order",5} {"MLE",12} {"add-k",12} {"Kneser-Ney",12} {"KN bits/" + u,12} {"build s",8}");
        NGramModel? last = null;
        PerplexityResult? lastKn = null;
        var bits = new Dictionary<string, List<(double Order, double Bits)>> { ["MLE"] = [], [$"add-k (k = {k.ToString(CultureInfo.InvariantCulture)})"] = [], ["Kneser-Ney"] = [] };
        for (int order = 1; order <= maxOrder; order++)
        {
            var clock = Stopwatch.StartNew();
            var kn = NGramModel.Train(train, unit, order, Smoothing.KneserNey, k, minCount);
            double seconds = clock.Elapsed.TotalSeconds;
            var mle = NGramModel.Train(train, unit, order, Smoothing.MaximumLikelihood, k, minCount).Evaluate(heldOut);
            var addK = NGramModel.Train(train, unit, order, Smoothing.AddK, k, minCount).Evaluate(heldOut);
            var knResult = kn.Evaluate(heldOut);
            (last, lastKn) = (kn, knResult);
            foreach (var (curve, result) in bits.Keys.Zip([mle, addK, knResult]).ToArray())
                if (double.IsFinite(result.BitsPerToken)) bits[curve].Add((order, result.BitsPerToken));
            Console.WriteLine($"{order,5} {Format(mle.Perplexity),12} {Format(addK.Perplexity),12} {Format(knResult.Perplexity),12} {Format(knResult.BitsPerToken),12} {seconds,8:F1}");
            lines.Add($"| {order}-gram | {order} | {Format(mle.Perplexity)} | {Format(addK.Perplexity)} | {Format(knResult.Perplexity)} | {Format(knResult.BitsPerToken)} | {seconds:F1} |");
        }
        if (rnnPath is not null)
        {
            // The RNN predicts exactly the n-grams' events: each held-out character, or each word (unknown → <unk>) and each </s>.
            var checkpoint = Checkpoint.Load(rnnPath, LanguageModelTask.TaskKind, LanguageModelTask.LegacyKind);
            var (model, vocabulary, _) = LanguageModelTask.Open(checkpoint, rnnPath);
            if ((vocabulary.Unit == "char") != (unit == TokenUnit.Char))
                throw new ArgumentException($"--rnn is a {vocabulary.Unit}-level model; compare it at --unit {vocabulary.Unit}.");
            int[] tokens = vocabulary is WordVocabulary words ? words.Encode(heldOut) : vocabulary.Encode(string.Concat(heldOut.Single()));
            double loss = Perplexity.CrossEntropy(model, tokens);
            string name = $"RNN {model.Config.Cell.ToUpperInvariant()} {model.Config.Layers}×{model.Config.HiddenSize}";
            Console.WriteLine($"{name}: perplexity {Format(Math.Exp(loss))}, {loss / Math.Log(2):F3} bits/{u} ({rnnPath}, step {checkpoint.Metadata.GetValueOrDefault("step")})");
            lines.Add($"| {name} ({checkpoint.Metadata.GetValueOrDefault("step")} steps) | — | — | — | {Format(Math.Exp(loss))} | {loss / Math.Log(2):F3} | — |");
            bits[$"{name} ({checkpoint.Metadata.GetValueOrDefault("step")} steps)"] = [(1, loss / Math.Log(2)), (maxOrder, loss / Math.Log(2))];
        }
        if (plotPath is not null)
        {
            LinePlot.Save(plotPath, new LinePlot.Panel($"held-out {u}s: n-gram order against a recurrent network", "n-gram order", $"bits per {u}",
                [.. bits.Where(c => c.Value.Count > 0).Select((c, i) => new Series(c.Key, [.. c.Value.Select(v => v.Order)], [.. c.Value.Select(v => v.Bits)],
                    Dashed: c.Key.StartsWith("RNN")))]));
            Console.WriteLine($"plot: {plotPath}");
        }
        string policy = OovPolicy(last!, lastKn!);
        Console.WriteLine(policy);
        if (markdownPath is not null)
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Train: {trainDescription}. Held out: {heldDescription}. {policy}").AppendLine();
            foreach (var l in lines) sb.AppendLine(l);
            File.WriteAllText(markdownPath, sb.ToString());
            Console.WriteLine($"wrote {markdownPath}");
        }
        return 0;
    }

    /// <summary>Sequences and a description; text files split 90/10 by characters (<see cref="Splits.Text"/>), Brown by file (every 10th held out).</summary>
    private static (IReadOnlyList<IReadOnlyList<string>> Sequences, string Description) Load(string? textPath, string? corpus, string split, TokenUnit unit)
    {
        if (split is not ("all" or "train" or "val")) throw new ArgumentException($"--split must be all, train or val, got '{split}'.");
        var source = TextCorpus.Choose(textPath, corpus, unit == TokenUnit.Word, Bundled.TinyShakespeare, Bundled.Brown);
        if (source.IsBrown)
        {
            var (train, held) = source.SplitSentences(Splits.DefaultHeldOutFraction);
            var chosen = split switch { "train" => train, "val" => held, _ => [.. train, .. held] };
            return (chosen, $"Brown corpus, {split} ({chosen.Count:N0} sentences, {chosen.Sum(s => s.Length):N0} words; every 10th file held out)");
        }
        var (trainText, heldText) = source.SplitText(Splits.DefaultHeldOutFraction);
        string part = split switch { "train" => trainText, "val" => heldText, _ => source.Text };
        var sequences = NGramModel.Tokenize(part, unit);
        if (sequences.Sum(s => s.Count) == 0) throw new ArgumentException($"{source.Path}: the {split} part has no {(unit == TokenUnit.Char ? "characters" : "words")}.");
        return (sequences, $"{Path.GetFileName(source.Path)}, {split} ({part.Length:N0} characters{(split == "all" ? "" : split == "train" ? ", first 90%" : ", last 10%")})");
    }

    private static TokenUnit ParseUnit(string unit, string? corpus) => corpus is not null ? TokenUnit.Word : unit switch
    {
        "char" => TokenUnit.Char,
        "word" => TokenUnit.Word,
        _ => throw new ArgumentException($"--unit must be 'char' or 'word', got '{unit}'."),
    };

    private static Smoothing ParseSmoothing(string s) => s switch
    {
        "kn" => Smoothing.KneserNey,
        "addk" => Smoothing.AddK,
        "mle" => Smoothing.MaximumLikelihood,
        _ => throw new ArgumentException($"--smoothing must be kn, addk or mle, got '{s}'."),
    };

    private static string Unit(NGramModel m) => m.Unit == TokenUnit.Char ? "char" : "word";

    private static string Describe(NGramModel m) =>
        $"{m.Order}-gram {Unit(m)} model, {m.Smoothing}{(m.Smoothing == Smoothing.AddK ? $" k={m.AddK}" : "")}, vocabulary {m.PredictableCount:N0} (min count {m.MinCount})";

    private static string Format(double v) => double.IsPositiveInfinity(v) ? "∞" : v.ToString(v >= 1000 ? "F0" : "F3", CultureInfo.InvariantCulture);

    private static string OovPolicy(NGramModel m, PerplexityResult r) =>
        $"Out-of-vocabulary policy: held-out {Unit(m)}s outside the training vocabulary (types seen ≥ {m.MinCount} times) are scored as <unk>; " +
        $"{r.OutOfVocabulary:N0} of {r.Tokens:N0} predicted tokens ({100.0 * r.OutOfVocabulary / r.Tokens:F2}%) were <unk>" +
        (m.Unit == TokenUnit.Word ? "; each sentence's </s> is predicted too." : ".") +
        (r.ZeroProbability > 0 ? $" {r.ZeroProbability:N0} tokens got probability 0 (unsmoothed), so perplexity is ∞." : "");
}
