using System.Text.Json.Serialization;

namespace Recurrent.Models.Classification;

/// <summary>
/// Where a classifier's data comes from and how it is cut, encoded and split; saved as JSON (<c>task_config</c>) so
/// that <c>eval</c> rebuilds the same split and trains the baselines on the same training data. The defaults, each for
/// a reason:
/// </summary>
/// <param name="Data">The data: "brown" (the bundled corpus's genres), a .tsv/.csv/.jsonl file, or a folder of class folders.</param>
/// <param name="Format">"brown", "delimited", "jsonl" or "folder"; from <see cref="Data"/> when empty.</param>
/// <param name="ValidationData">A file of the same format for validation (otherwise a seeded split of the data).</param>
/// <param name="TestData">A file of the same format for the test (otherwise a seeded split; Brown: every 10th file).</param>
/// <param name="LabelColumn">The label column (0-based index or header name); index 0 by default.</param>
/// <param name="TextColumn">The text column; index 1 by default.</param>
/// <param name="Header">Whether the first row names the columns: true when a column is given by name, or when the first row is exactly "label" and "text".</param>
/// <param name="Unit">word: the usual unit for topic and genre; char for short or noisy texts (no out-of-vocabulary words).</param>
/// <param name="MinCount">2: a word seen once trains its embedding once; such words share &lt;unk&gt;, which then learns "rare word".</param>
/// <param name="MaxVocab">50,000 tokens: the embedding stays a few million parameters on any corpus.</param>
/// <param name="MaxLength">1,000 tokens (or steps): longer examples are cut (and counted), which bounds memory and time per batch.</param>
/// <param name="PassageWords">Documents cut into passages of this many words (0: whole documents; Brown: 100). A shorter last
/// piece joins the passage before it when under half the length.</param>
/// <param name="ClassWeights">none, or balanced: weight N/(C·n_c) per class in the loss, for skewed classes.</param>
/// <param name="ValidationFraction">0.1 of the documents (by the seeded split) when no validation file is given.</param>
/// <param name="TestFraction">0.1 of the documents when no test file is given (Brown: every 10th file instead).</param>
/// <param name="SplitSeed">Seeds the document split; fixed, so that every run of a data set sees the same split.</param>
public sealed record ClassificationTaskConfig(
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("format")] string Format = "",
    [property: JsonPropertyName("validation_data")] string? ValidationData = null,
    [property: JsonPropertyName("test_data")] string? TestData = null,
    [property: JsonPropertyName("label_column")] string LabelColumn = "0",
    [property: JsonPropertyName("text_column")] string TextColumn = "1",
    [property: JsonPropertyName("header")] bool? Header = null,
    [property: JsonPropertyName("unit")] string Unit = "word",
    [property: JsonPropertyName("min_count")] int MinCount = 2,
    [property: JsonPropertyName("max_vocab")] int MaxVocab = 50_000,
    [property: JsonPropertyName("max_length")] int MaxLength = 1000,
    [property: JsonPropertyName("passage_words")] int PassageWords = 0,
    [property: JsonPropertyName("class_weights")] string ClassWeights = "none",
    [property: JsonPropertyName("validation_fraction")] double ValidationFraction = 0.1,
    [property: JsonPropertyName("test_fraction")] double TestFraction = 0.1,
    [property: JsonPropertyName("split_seed")] ulong SplitSeed = 1)
{
    /// <summary>The format of <see cref="Data"/>: the given one, or "brown", "folder" (a directory), "jsonl" or "delimited".</summary>
    [JsonIgnore]
    public string ResolvedFormat => Format.Length > 0 ? Format
        : Data == "brown" ? "brown"
        : Directory.Exists(Data) ? "folder"
        : Data.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || Data.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) ? "jsonl"
        : "delimited";

    [JsonIgnore] public bool IsNumeric => ResolvedFormat == "jsonl";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Data)) throw new ArgumentException("No data: give --data FILE|DIR or --corpus brown.");
        if (ResolvedFormat is not ("brown" or "delimited" or "jsonl" or "folder"))
            throw new ArgumentException($"Unknown data format '{Format}': expected brown, delimited, jsonl or folder.");
        if (Unit is not ("word" or "char")) throw new ArgumentException($"Unknown --unit '{Unit}': expected char or word.");
        if (MinCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {MinCount}.");
        if (MaxVocab < 1) throw new ArgumentException($"--max-vocab must be at least 1, got {MaxVocab}.");
        if (MaxLength < 1) throw new ArgumentException($"--max-length must be at least 1, got {MaxLength}.");
        if (PassageWords < 0) throw new ArgumentException($"--passage-words must be ≥ 0, got {PassageWords}.");
        if (ClassWeights is not ("none" or "balanced")) throw new ArgumentException($"Unknown --class-weights '{ClassWeights}': expected none or balanced.");
        if (!(ValidationFraction > 0 && TestFraction > 0 && ValidationFraction + TestFraction < 1))
            throw new ArgumentException($"The validation and test fractions ({ValidationFraction}, {TestFraction}) must be positive and sum to less than 1.");
    }
}
