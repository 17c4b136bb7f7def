using System.Text.Json.Serialization;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>The test task's configuration: its data (sequence length, alphabet, held-out size and seed) and model shape.</summary>
internal sealed record ReversalConfig(
    [property: JsonPropertyName("length")] int Length = 5,
    [property: JsonPropertyName("vocabulary")] int Vocabulary = 6,
    [property: JsonPropertyName("held_out")] int HeldOut = 64,
    [property: JsonPropertyName("data_seed")] ulong DataSeed = 99,
    [property: JsonPropertyName("embedding")] int Embedding = 8,
    [property: JsonPropertyName("hidden")] int Hidden = 32);
