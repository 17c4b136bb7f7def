using System.Text;
using Recurrent.Cli.Commands;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Serialization;
using Recurrent.Serialization.Onnx;
using Recurrent.Text.NGrams;

namespace Recurrent.Cli.Fuzzing;

/// <summary>
/// Every reader of the project with seed files made on the spot: a checkpoint of each task kind (tiny models trained
/// for one step on the bundled data), a safetensors file, an n-gram model, ONNX exports, and small well-formed files
/// of each data format (text, TSV/CSV, JSON Lines, CoNLL, Brown, CMUdict, source-target pairs).
/// </summary>
internal static class FuzzTargets
{
    public static readonly string[] Names =
    [
        "safetensors", "checkpoint-lm", "checkpoint-classifier", "checkpoint-tagger", "checkpoint-forecaster",
        "checkpoint-seq2seq", "checkpoint-generation", "ngram", "onnx", "text", "tsv", "csv", "jsonl", "conll", "brown",
        "cmudict", "pairs",
    ];

    public static List<FuzzTarget> Create(IReadOnlyCollection<string> names, string folder)
    {
        var unknown = names.Where(n => !Names.Contains(n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown fuzz target '{unknown[0]}': expected {string.Join(", ", Names)}.");
        var targets = new List<FuzzTarget>();
        bool Wanted(string name) => names.Count == 0 || names.Contains(name);
        string text = Tiny(Bundled.TinyShakespeare, 4000);
        File.WriteAllText(Path.Combine(folder, "seed.txt"), text);

        var checkpoints = Checkpoints(folder, Wanted);
        static void OpenCheckpoint(string path)
        {
            var (kind, checkpoint) = TaskRegistry.Open(path);
            kind.OpenModel(checkpoint, path);
            kind.Describe(checkpoint);
        }
        foreach (var (kind, file) in checkpoints)
            targets.Add(new FuzzTarget($"checkpoint-{kind}", ".safetensors", [File.ReadAllBytes(file)], OpenCheckpoint, Mutations.SafeTensorsHeader));
        if (Wanted("safetensors"))
        {
            string path = Path.Combine(folder, "plain.safetensors");
            SafeTensors.Save(path, [("a", Tensors.Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3)), ("b.weight", Tensors.Tensor.FromArray([7], 1))],
                new Dictionary<string, string> { ["note"] = "seed" });
            targets.Add(new FuzzTarget("safetensors", ".safetensors", [File.ReadAllBytes(path)], p => SafeTensors.Load(p), Mutations.SafeTensorsHeader));
        }
        if (Wanted("ngram"))
        {
            string path = Path.Combine(folder, "seed.ngram");
            Run("ngram", "train", "--text", Path.Combine(folder, "seed.txt"), "--order", "3", "--out", path);
            targets.Add(new FuzzTarget("ngram", ".bin", [File.ReadAllBytes(path)], p => NGramModel.Load(p)));
        }
        if (Wanted("onnx"))
        {
            var seeds = new List<byte[]>();
            foreach (var (kind, file) in checkpoints.Where(c => c.Kind is "lm" or "classifier" or "seq2seq"))
            {
                string path = Path.Combine(folder, $"{kind}.onnx");
                Run("export", "--model", file, "--onnx", path, "--sequence-lens");
                seeds.AddRange(Directory.GetFiles(folder, $"{kind}*.onnx").Select(File.ReadAllBytes));
            }
            targets.Add(new FuzzTarget("onnx", ".onnx", seeds, p => _ = OnnxModel.Load(p).Inputs));
        }
        void Data(string name, string extension, string[] seeds, Action<string> read)
        {
            if (Wanted(name)) targets.Add(new FuzzTarget(name, extension, [.. seeds.Select(Encoding.UTF8.GetBytes)], read));
        }
        Data("text", ".txt", [text[..600], "a\nb\r\nc", "Ünïcödé 🜁 text\n"], p => Text.CharVocabulary.FromText(TextCorpus.At(p).Text));
        Data("tsv", ".tsv", ["label\ttext\npos\tgood film\nneg\tbad film\n", "a\t\"quoted\ttab\"\nb\tx\n"],
            p => LabelledTexts.Read(p, ColumnSelector.At(0), ColumnSelector.At(1), header: false));
        Data("csv", ".csv", [Tiny(Path.Combine(AppContext.BaseDirectory, "data", "sunspots", "sunspots.csv"), 400), "t,v,w\n1,2.5,3\n2,-1e3,4\n3,0,5\n"],
            p => CsvSeries.Read(p, ColumnSelector.At(1)));
        Data("jsonl", ".jsonl", ["{\"label\":\"a\",\"x\":[1,2,3]}\n{\"label\":\"b\",\"x\":[[1,2],[3,4]]}\n"], p => JsonLinesSequences.Read(p));
        Data("conll", ".conll", ["The\tDT\ndog\tNN\n\nRuns\tVBZ\n.\t.\n", "# comment\n1 The DT\n2 cat NN\n"],
            p => ConllColumns.Read(p, 0, ^1, tabs: false, commentPrefix: "#"));
        Data("brown", "", [Tiny(Path.Combine(Bundled.Brown, "ca01"), 1500)], p => BrownCorpus.ReadTaggedFile(p).ToList());
        Data("cmudict", ".txt", [Tiny(Path.Combine(AppContext.BaseDirectory, "data", "cmudict", "dict.txt"), 1200, from: 4000)], p => CmuDict.Read(p));
        Data("pairs", ".tsv", ["cat\tk ae t\ndog\td ao g\n", "ab\tcd\n"], p => SequencePairs.Read(p, "chars"));
        return targets;
    }

    /// <summary>The first whole lines of a file, about <paramref name="length"/> characters from <paramref name="from"/>.</summary>
    private static string Tiny(string path, int length, int from = 0)
    {
        string all = File.ReadAllText(path);
        int start = from == 0 ? 0 : all.IndexOf('\n', from) + 1;
        int end = all.IndexOf('\n', Math.Min(all.Length - 1, start + length));
        return all[start..(end < 0 ? all.Length : end + 1)];
    }

    /// <summary>A checkpoint of each wanted kind, from one training step of a tiny model.</summary>
    private static List<(string Kind, string File)> Checkpoints(string folder, Func<string, bool> wanted)
    {
        string text = Path.Combine(folder, "seed.txt");
        string tsv = Path.Combine(folder, "labelled.tsv");
        File.WriteAllLines(tsv, Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "even" : "odd")}\tsome words number {i} and more"));
        string conll = Path.Combine(folder, "tagged.conll");
        File.WriteAllText(conll, string.Concat(Enumerable.Repeat("The\tDT\ndog\tNN\nbarks\tVBZ\n\nA\tDT\ncat\tNN\n\n", 20)));
        var runs = new (string Kind, string[] Args)[]
        {
            ("lm", ["train", "--text", text, "--hidden", "4", "--embedding", "3", "--batch", "2", "--seq-len", "8"]),
            ("classifier", ["classify", "train", "--data", tsv, "--hidden", "3", "--embedding", "3", "--batch", "4"]),
            ("tagger", ["tag", "train", "--data", conll, "--hidden", "3", "--embedding", "3", "--char-hidden", "2", "--char-embedding", "2", "--crf", "--batch", "4"]),
            ("forecaster", ["forecast", "train", "--hidden", "3"]),
            ("seq2seq", ["seq2seq", "train", "--data", Pairs(folder), "--hidden", "3", "--embedding", "3", "--decoder-hidden", "4", "--batch", "4"]),
            ("generation", ["generate", "train", "--data", tsv, "--hidden", "4", "--embedding", "3", "--batch", "2"]),
        };
        var result = new List<(string, string)>();
        foreach (var (kind, args) in runs)
        {
            if (!wanted($"checkpoint-{kind}")) continue;
            string output = Path.Combine(folder, kind);
            Run([.. args, "--steps", "1", "--eval-interval", "1", "--out", output]);
            result.Add((kind, Path.Combine(output, "checkpoint.safetensors")));
        }
        return result;
    }

    private static string Pairs(string folder)
    {
        string path = Path.Combine(folder, "pairs.tsv");
        File.WriteAllLines(path, Enumerable.Range(0, 40).Select(i => $"word{i}\t{new string((char)('a' + i % 26), 1 + i % 5)}"));
        return path;
    }

    /// <summary>A CLI command run in this process with its output discarded; a failure is an error naming it.</summary>
    private static void Run(params string[] args)
    {
        var (output, error) = (Console.Out, Console.Error);
        var captured = new StringWriter();
        int exit;
        try
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(captured);
            exit = RnnCli.Run(args);
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
        if (exit != 0) throw new InvalidOperationException($"making a fuzz seed with 'rnn {string.Join(' ', args)}' failed: {captured.ToString().Trim()}");
    }
}
