using System.Text.Json.Serialization;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// What a sequence-to-sequence run reads; saved as JSON (<c>task_config</c>).
/// </summary>
/// <param name="Data">cmudict (grapheme to phoneme; <see cref="Dictionary"/> names the file, the bundled copy by default).</param>
/// <param name="Dictionary">A CMUdict-format file, or null for the bundled one.</param>
/// <param name="Stress">true keeps ARPAbet stress digits in the targets (AH0, EY1); false trains the stress-free variant.</param>
/// <param name="SplitSeed">Seeds the split by word, 90% train, 5% validation, 5% test (all variants of a word in one part).</param>
public sealed record Seq2SeqTaskConfig(
    [property: JsonPropertyName("data")] string Data = "cmudict",
    [property: JsonPropertyName("dictionary")] string? Dictionary = null,
    [property: JsonPropertyName("stress")] bool Stress = true,
    [property: JsonPropertyName("split_seed")] ulong SplitSeed = 1337)
{
    public static readonly double[] Fractions = [0.9, 0.05, 0.05];
}
