using System.Text.Json.Serialization;

namespace Recurrent.Training;

/// <summary>
/// How a character model is trained. Every default has a reason; the resolved config is printed at start and saved
/// in each checkpoint. Defaults are the README's ~5-minute run on 2 cores (docs/char-lm.md gives the longer recipe).
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Tokens per window of truncated BPTT: long enough for words and short lines, short enough to step often.</summary>
    [JsonPropertyName("seq_len")] public int SeqLen { get; init; } = 64;

    /// <summary>Sequences per step: 32 keeps the per-step GEMMs large enough to use both cores.</summary>
    [JsonPropertyName("batch")] public int Batch { get; init; } = 32;

    /// <summary>Adam's step size at the top of the schedule; 2e-3 is the usual sweet spot for char-level LSTMs.</summary>
    [JsonPropertyName("lr")] public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Floor of the cosine decay: lr/10, as nanoGPT.</summary>
    [JsonPropertyName("min_lr")] public float MinLearningRate { get; init; } = 2e-4f;

    /// <summary>Linear warm-up steps: lets Adam's second moments settle before full-size steps.</summary>
    [JsonPropertyName("warmup")] public int WarmupSteps { get; init; } = 100;

    /// <summary>Global gradient-norm threshold: RNNs occasionally explode; 5 rarely bites otherwise (char-rnn's value).</summary>
    [JsonPropertyName("clip")] public float Clip { get; init; } = 5f;

    /// <summary>AdamW's decoupled weight decay; small, a mild regulariser next to dropout.</summary>
    [JsonPropertyName("weight_decay")] public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Training steps; the cosine schedule decays over exactly these.</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; } = 2500;

    /// <summary>Optional wall-clock cap in minutes (0 = none); stops early, the schedule still spans <see cref="Steps"/>.</summary>
    [JsonPropertyName("minutes")] public double Minutes { get; init; }

    /// <summary>Seeds the one generator behind initialisation, dropout and window sampling.</summary>
    [JsonPropertyName("seed")] public ulong Seed { get; init; } = 1337;

    /// <summary>"stateful": B contiguous streams, hidden state carried (detached) window to window (char-rnn);
    /// "random": independent random windows from a zero state (nanoGPT).</summary>
    [JsonPropertyName("bptt")] public string Bptt { get; init; } = "stateful";

    /// <summary>Steps between validation passes and checkpoints.</summary>
    [JsonPropertyName("eval_interval")] public int EvalInterval { get; init; } = 250;

    /// <summary>Fraction of the text, from its end, held out for validation (char-rnn and nanoGPT use the last 10%).</summary>
    [JsonPropertyName("val_fraction")] public double ValidationFraction { get; init; } = 0.1;

    public void Validate()
    {
        if (SeqLen < 1) throw new ArgumentException($"--seq-len must be positive, got {SeqLen}.");
        if (Batch < 1) throw new ArgumentException($"--batch must be positive, got {Batch}.");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be positive, got {LearningRate}.");
        if (!(MinLearningRate >= 0) || MinLearningRate > LearningRate) throw new ArgumentException($"--min-lr must be in [0, lr], got {MinLearningRate}.");
        if (WarmupSteps < 0) throw new ArgumentException($"--warmup must be ≥ 0, got {WarmupSteps}.");
        if (!(Clip > 0)) throw new ArgumentException($"--clip must be positive, got {Clip}.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"--weight-decay must be ≥ 0, got {WeightDecay}.");
        if (Steps < 1) throw new ArgumentException($"--steps must be positive, got {Steps}.");
        if (!(Minutes >= 0)) throw new ArgumentException($"--minutes must be ≥ 0, got {Minutes}.");
        if (Bptt is not ("stateful" or "random")) throw new ArgumentException($"--bptt must be 'stateful' or 'random', got '{Bptt}'.");
        if (EvalInterval < 1) throw new ArgumentException($"--eval-interval must be positive, got {EvalInterval}.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentException($"Validation fraction must be in (0, 1), got {ValidationFraction}.");
    }
}
