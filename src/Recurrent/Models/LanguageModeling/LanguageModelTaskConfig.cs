using System.Text.Json.Serialization;
using Recurrent.Data;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// How the language model reads its data; saved as <c>task_config</c> (checkpoints written before the task foundation
/// kept these keys in <c>training_config</c>, and are read from there).
/// </summary>
public sealed record LanguageModelTaskConfig
{
    /// <summary>Tokens per window of truncated BPTT: long enough for words and short lines, short enough to step often.</summary>
    [JsonPropertyName("seq_len")] public int SeqLen { get; init; } = 64;

    /// <summary>"stateful": B contiguous streams, hidden state carried (detached) window to window (char-rnn);
    /// "random": independent random windows from a zero state (nanoGPT).</summary>
    [JsonPropertyName("bptt")] public string Bptt { get; init; } = "stateful";

    /// <summary>Fraction of the text, from its end, held out for validation (char-rnn and nanoGPT use the last 10%).</summary>
    [JsonPropertyName("val_fraction")] public double ValidationFraction { get; init; } = Splits.DefaultHeldOutFraction;

    public void Validate()
    {
        if (SeqLen < 1) throw new ArgumentException($"--seq-len must be positive, got {SeqLen}.");
        if (Bptt is not ("stateful" or "random")) throw new ArgumentException($"--bptt must be 'stateful' or 'random', got '{Bptt}'.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"Validation fraction must be in (0, 1), got {ValidationFraction}.");
    }
}
