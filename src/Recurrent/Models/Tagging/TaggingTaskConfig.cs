using System.Text.Json.Serialization;

namespace Recurrent.Models.Tagging;

/// <summary>
/// What a tagging run reads. <see cref="Data"/>: "brown" (the bundled corpus, or <see cref="BrownDirectory"/>) or a
/// CoNLL file (token first, tag last, a blank line between sentences). Brown's test split is every 10th file and its
/// validation split every 20th of the others (file i with i mod 20 = 4); a CoNLL file's validation split is every 20th
/// sentence unless <see cref="ValidationData"/> is given, and its test split is <see cref="TestData"/> when given.
/// Words rarer than <see cref="MinCount"/> in training share &lt;unk&gt;'s embedding (their characters still speak for them).
/// </summary>
public sealed record TaggingTaskConfig
{
    [JsonPropertyName("data")] public string Data { get; init; } = "brown";
    [JsonPropertyName("brown_dir")] public string? BrownDirectory { get; init; }
    [JsonPropertyName("validation")] public string? ValidationData { get; init; }
    [JsonPropertyName("test")] public string? TestData { get; init; }
    [JsonPropertyName("tagset")] public string Tagset { get; init; } = "universal";
    [JsonPropertyName("min_count")] public int MinCount { get; init; } = 2;
    [JsonPropertyName("max_vocab")] public int MaxVocab { get; init; } = 50_000;

    [JsonIgnore] public bool IsBrown => Data == "brown";
}
