using System.Text.Json.Serialization;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// What a sequence-to-sequence run reads; saved as JSON (<c>task_config</c>).
/// </summary>
/// <param name="Data">cmudict (grapheme to phoneme; <see cref="Dictionary"/> names the file, the bundled copy by default), or a
/// file of SOURCE&lt;TAB&gt;TARGET lines (<see cref="Data.SequencePairs"/>).</param>
/// <param name="Dictionary">A CMUdict-format file, or null for the bundled one.</param>
/// <param name="Stress">true keeps ARPAbet stress digits in the targets (AH0, EY1); false trains the stress-free variant.</param>
/// <param name="SplitSeed">Seeds the split by source, 90% train, 5% validation, 5% test (all targets of a source, all variants
/// of a word, in one part); used where no validation and test files are given.</param>
/// <param name="Units">For pairs files: chars or tokens.</param>
/// <param name="Validation">For pairs files: the validation pairs (with <see cref="Test"/>), instead of a split.</param>
/// <param name="Test">For pairs files: the test pairs.</param>
public sealed record Seq2SeqTaskConfig(
    [property: JsonPropertyName("data")] string Data = "cmudict",
    [property: JsonPropertyName("dictionary")] string? Dictionary = null,
    [property: JsonPropertyName("stress")] bool Stress = true,
    [property: JsonPropertyName("split_seed")] ulong SplitSeed = 1337,
    [property: JsonPropertyName("units")] string Units = "chars",
    [property: JsonPropertyName("validation")] string? Validation = null,
    [property: JsonPropertyName("test")] string? Test = null)
{
    public static readonly double[] Fractions = [0.9, 0.05, 0.05];

    [JsonIgnore] public bool IsDictionary => Data == "cmudict";

    /// <summary>What the data is, for messages.</summary>
    [JsonIgnore] public string Name => IsDictionary ? Dictionary ?? "bundled CMUdict" : Data;
}
