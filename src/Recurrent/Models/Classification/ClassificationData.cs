using System.Security.Cryptography;
using System.Text;
using Recurrent.Data;

namespace Recurrent.Models.Classification;

/// <summary>
/// A classification data set read and split by the rules of its <see cref="ClassificationTaskConfig"/>:
/// <list type="bullet">
/// <item>Brown (<c>--corpus brown</c>): each file a document of its genre (<c>ca01</c> → <c>a</c>), cut into passages;
/// the test split is every 10th file (the n-gram models' held-out files), validation a seeded 10% of the other files.</item>
/// <item>A TSV/CSV file, a JSON Lines file of numeric sequences, or a folder of class folders: the given validation and
/// test files, or else a seeded split by document (<see cref="ItemSplit.ByKey"/>). A row of a TSV/CSV or JSON Lines file
/// is keyed by its content, so duplicates never straddle two splits; a folder's file is its passages' key.</item>
/// </list>
/// The classes are the training split's labels in ordinal order; a label that appears only outside training is a
/// one-line error naming where it was read.
/// </summary>
public sealed class ClassificationData
{
    private ClassificationData(ClassificationTaskConfig config, IReadOnlyList<ClassificationExample> train,
        IReadOnlyList<ClassificationExample> validation, IReadOnlyList<ClassificationExample> test)
    {
        (Config, Train, Validation, Test) = (config, train, validation, test);
        Labels = train.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (Labels.Length < 2) throw new InvalidDataException($"{config.Data}: the training split has {Labels.Length} class{(Labels.Length == 1 ? $" ('{Labels[0]}')" : "es")}; a classifier needs at least 2.");
        Features = train[0].Features;
        CheckSplit(train, "training");
        CheckSplit(validation, "validation");
        CheckSplit(test, "test");
    }

    public ClassificationTaskConfig Config { get; }
    public IReadOnlyList<ClassificationExample> Train { get; }
    public IReadOnlyList<ClassificationExample> Validation { get; }
    public IReadOnlyList<ClassificationExample> Test { get; }

    /// <summary>The class names, in ordinal order; class i is Labels[i].</summary>
    public string[] Labels { get; }

    /// <summary>F for numeric sequences, 0 for texts.</summary>
    public int Features { get; }

    public bool IsNumeric => Features > 0;

    /// <summary>The split of a name: "train", "val" (or "validation"), "test".</summary>
    public IReadOnlyList<ClassificationExample> Split(string name) => name switch
    {
        "train" => Train,
        "val" or "validation" => Validation,
        "test" => Test,
        _ => throw new ArgumentException($"Unknown split '{name}': expected train, val or test."),
    };

    /// <summary>A SHA-256 over the training split (labels and contents): a resume refuses other data. Computed once.</summary>
    public string Hash => _hash ??= HashOf(Train);

    private string? _hash;

    private static string HashOf(IReadOnlyList<ClassificationExample> train)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in train)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(e.Label + "\u0001" + (e.Text ?? "") + "\u0002"));
            if (e.Values is not null) sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Values.AsSpan()));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Counts of each class in a split, by <see cref="Labels"/> order.</summary>
    public int[] ClassCounts(IReadOnlyList<ClassificationExample> split)
    {
        var counts = new int[Labels.Length];
        foreach (var e in split) counts[ClassOf(e.Label)]++;
        return counts;
    }

    public int ClassOf(string label)
    {
        int c = Array.BinarySearch(Labels, label, StringComparer.Ordinal);
        return c >= 0 ? c : throw new ArgumentException($"'{label}' is not one of the classes ({string.Join(", ", Labels)}).");
    }

    /// <summary>Reads and splits the data of <paramref name="config"/>; "brown" is read from <paramref name="brownDirectory"/>.</summary>
    public static ClassificationData Load(ClassificationTaskConfig config, string brownDirectory)
    {
        config.Validate();
        if (config.ResolvedFormat == "brown")
        {
            var files = BrownCorpus.Files(brownDirectory);
            var test = new List<ClassificationExample>();
            var rest = new List<ClassificationExample>();
            for (int i = 0; i < files.Count; i++)
            {
                string name = Path.GetFileName(files[i]);
                var words = BrownCorpus.ReadTaggedFile(files[i]).SelectMany(s => s.Select(w => w.Word)).ToArray();
                var passages = Passages(words, config.PassageWords, name[1..2], name, files[i]);
                (Splits.IsHeldOutFile(i) ? test : rest).AddRange(passages);
            }
            double v = config.ValidationFraction / (1 - config.TestFraction);
            var parts = ItemSplit.ByKey(rest, e => e.Document, [1 - v, v], config.SplitSeed, StringComparer.Ordinal);
            return new ClassificationData(config, parts[0], parts[1], test);
        }
        var all = Read(config, config.Data);
        var validation = config.ValidationData is { } vPath ? Read(config, vPath) : null;
        var testSet = config.TestData is { } tPath ? Read(config, tPath) : null;
        var fractions = new List<double> { 1 - (validation is null ? config.ValidationFraction : 0) - (testSet is null ? config.TestFraction : 0) };
        if (validation is null) fractions.Add(config.ValidationFraction);
        if (testSet is null) fractions.Add(config.TestFraction);
        var split = fractions.Count == 1 ? [all] : ItemSplit.ByKey(all, e => e.Document, fractions, config.SplitSeed, StringComparer.Ordinal);
        return new ClassificationData(config, split[0], validation ?? split[1], testSet ?? split[^1]);
    }

    /// <summary>The examples of one file or folder in the config's format (no split).</summary>
    public static IReadOnlyList<ClassificationExample> Read(ClassificationTaskConfig config, string path)
    {
        switch (config.ResolvedFormat)
        {
            case "jsonl":
                return JsonLinesSequences.Read(path).Select(s => new ClassificationExample(s.Label, null, s.Values, s.Features,
                    ContentKey(s.Values), $"{path}:{s.Line}")).ToList();
            case "folder":
                return LabelledFolder.Read(path).SelectMany(d =>
                    Passages(d.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), config.PassageWords, d.Label, d.Path, d.Path)).ToList();
            case "brown":
                throw new ArgumentException("Brown files are read as a whole corpus (--corpus brown), not as a validation or test file.");
            default:
                var (label, text, header) = Columns(config, path);
                return LabelledTexts.Read(path, label, text, header)
                    .Select(t => ClassificationExample.OfText(t.Label, t.Text, "text:" + t.Text.Trim(), $"{path}:{t.Line}")).ToList();
        }
    }

    /// <summary>Words cut into passages of n (n = 0: one passage); a last piece under n/2 words joins the one before.</summary>
    private static IEnumerable<ClassificationExample> Passages(string[] words, int n, string label, string document, string path)
    {
        if (words.Length == 0) throw new InvalidDataException($"{path}: the document has no words.");
        if (n == 0) { yield return ClassificationExample.OfText(label, string.Join(' ', words), document, path); yield break; }
        int count = Math.Max(1, words.Length / n + (words.Length % n >= (n + 1) / 2 ? 1 : 0));
        for (int p = 0; p < count; p++)
        {
            int from = p * n, to = p == count - 1 ? words.Length : from + n;
            yield return ClassificationExample.OfText(label, string.Join(' ', words[from..to]), document, $"{path} (passage {p + 1})");
        }
    }

    /// <summary>The label and text columns and whether the file has a header (see <see cref="ClassificationTaskConfig.Header"/>).</summary>
    private static (ColumnSelector Label, ColumnSelector Text, bool Header) Columns(ClassificationTaskConfig config, string path)
    {
        static ColumnSelector Parse(string s) => int.TryParse(s, out int i) ? ColumnSelector.At(i) : ColumnSelector.Named(s);
        var (label, text) = (Parse(config.LabelColumn), Parse(config.TextColumn));
        bool header = config.Header ?? (label.Name is not null || text.Name is not null || FirstRowIsLabelText(path));
        return (label, text, header);
    }

    private static bool FirstRowIsLabelText(string path)
    {
        if (!File.Exists(path)) return false;
        using var reader = new StreamReader(path);
        var first = reader.ReadLine()?.Trim().TrimStart('\uFEFF');
        return first is not null && first.Split(first.Contains('\t') ? '\t' : ',') is [var a, var b]
            && a.Trim().Equals("label", StringComparison.OrdinalIgnoreCase) && b.Trim().Equals("text", StringComparison.OrdinalIgnoreCase);
    }

    private static string ContentKey(float[] values) =>
        "values:" + Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>Every label a training class, every numeric example with the training data's feature count.</summary>
    private void CheckSplit(IReadOnlyList<ClassificationExample> split, string name)
    {
        if (split.Count == 0) throw new InvalidDataException($"{Config.Data}: the {name} split is empty.");
        foreach (var e in split)
        {
            if (Array.BinarySearch(Labels, e.Label, StringComparer.Ordinal) < 0)
                throw new InvalidDataException($"{e.Source}: class '{e.Label}' is in the {name} split but never in training (training classes: {string.Join(", ", Labels)}).");
            if (e.Features != Features)
                throw new InvalidDataException($"{e.Source}: {e.Features} feature{(e.Features == 1 ? "" : "s")} a step, but the training data has {Features}.");
        }
    }
}
