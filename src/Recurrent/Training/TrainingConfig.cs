using System.Text.Json.Serialization;

namespace Recurrent.Training;

/// <summary>
/// How any task is trained: the optimizer, its schedule, clipping, the length of the run and its evaluations. What a
/// task's data needs (window length, BPTT mode, split) is the task's own config. Every default has a reason; the resolved
/// config is printed at start and saved in each checkpoint. Defaults are the README's ~5-minute language-model run on
/// 2 cores (docs/char-lm.md gives the longer recipe); each task command may set its own.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Examples (sequences, streams) per step: 32 keeps the per-step GEMMs large enough to use both cores.</summary>
    [JsonPropertyName("batch")] public int Batch { get; init; } = 32;

    /// <summary>Adam's step size at the top of the schedule; 2e-3 is the usual sweet spot for char-level LSTMs.</summary>
    [JsonPropertyName("lr")] public float LearningRate { get; init; } = 2e-3f;

    /// <summary>Floor of the cosine decay: lr/10, as nanoGPT.</summary>
    [JsonPropertyName("min_lr")] public float MinLearningRate { get; init; } = 2e-4f;

    /// <summary>Linear warm-up steps: lets Adam's second moments settle before full-size steps.</summary>
    [JsonPropertyName("warmup")] public int WarmupSteps { get; init; } = 100;

    /// <summary>Global gradient-norm threshold: RNNs occasionally explode; 5 rarely bites otherwise (char-rnn's value).
    /// 0 turns clipping off (the norm is still measured and reported).</summary>
    [JsonPropertyName("clip")] public float Clip { get; init; } = 5f;

    /// <summary>"adamw" (the default: robust to the scale of the gradient) or "sgd" (plain or with momentum, the optimizer
    /// of the exploding-gradient literature, where the size of a step is the size of the gradient).</summary>
    [JsonPropertyName("optimizer")] public string Optimizer { get; init; } = "adamw";

    /// <summary>SGD's momentum μ (PyTorch's rule); 0 is plain SGD. Unused by AdamW.</summary>
    [JsonPropertyName("momentum")] public float Momentum { get; init; }

    /// <summary>AdamW's decoupled weight decay; small, a mild regulariser next to dropout.</summary>
    [JsonPropertyName("weight_decay")] public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Training steps; the cosine schedule decays over exactly these.</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; } = 2500;

    /// <summary>Optional wall-clock cap in minutes (0 = none); stops early, the schedule still spans <see cref="Steps"/>
    /// unless <see cref="FitToMinutes"/>.</summary>
    [JsonPropertyName("minutes")] public double Minutes { get; init; }

    /// <summary>With <see cref="Minutes"/>: end the schedule at the time limit, so the learning rate has decayed when the
    /// time runs out. The trainer measures its speed (evaluations included) after 50 steps and at every evaluation, and
    /// moves the schedule's end to the step it will reach at the limit, never past <see cref="Steps"/>. The command line
    /// sets it when --minutes is given without --steps. A run fitted to time depends on the machine's speed.</summary>
    [JsonPropertyName("fit_to_minutes")] public bool FitToMinutes { get; init; }

    /// <summary>Seeds the one generator behind initialisation, dropout and window sampling.</summary>
    [JsonPropertyName("seed")] public ulong Seed { get; init; } = 1337;

    /// <summary>Steps between validation passes and checkpoints.</summary>
    [JsonPropertyName("eval_interval")] public int EvalInterval { get; init; } = 250;

    /// <summary>Evaluations without improvement of the primary metric before the run stops (0 = never): off by default,
    /// because a cosine schedule's last steps often bring the best result.</summary>
    [JsonPropertyName("patience")] public int Patience { get; init; }

    public void Validate()
    {
        if (Batch < 1) throw new ArgumentException($"--batch must be positive, got {Batch}.");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new ArgumentException($"--lr must be positive, got {LearningRate}.");
        if (!(MinLearningRate >= 0) || MinLearningRate > LearningRate) throw new ArgumentException($"--min-lr must be in [0, lr], got {MinLearningRate}.");
        if (WarmupSteps < 0) throw new ArgumentException($"--warmup must be ≥ 0, got {WarmupSteps}.");
        if (!(Clip >= 0) || !float.IsFinite(Clip)) throw new ArgumentException($"--clip must be ≥ 0 (0 = off), got {Clip}.");
        if (Optimizer is not ("adamw" or "sgd")) throw new ArgumentException($"--optimizer must be adamw or sgd, got '{Optimizer}'.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentException($"--momentum must be in [0, 1), got {Momentum}.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"--weight-decay must be ≥ 0, got {WeightDecay}.");
        if (Steps < 1) throw new ArgumentException($"--steps must be positive, got {Steps}.");
        if (!(Minutes >= 0)) throw new ArgumentException($"--minutes must be ≥ 0, got {Minutes}.");
        if (EvalInterval < 1) throw new ArgumentException($"--eval-interval must be positive, got {EvalInterval}.");
        if (Patience < 0) throw new ArgumentException($"--patience must be ≥ 0, got {Patience}.");
    }
}
