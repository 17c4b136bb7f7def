namespace Recurrent.Optim;

/// <summary>The learning rate for update number <c>step</c> (0-based).</summary>
public abstract record LearningRateSchedule
{
    public abstract float At(long step);
}

/// <summary>lr at every step.</summary>
public sealed record ConstantSchedule(float LearningRate) : LearningRateSchedule
{
    public override float At(long step) => LearningRate;
}

/// <summary>lr · γ^⌊step / stepSize⌋ (torch.optim.lr_scheduler.StepLR).</summary>
public sealed record StepSchedule(float LearningRate, long StepSize, float Gamma) : LearningRateSchedule
{
    public override float At(long step) => LearningRate * MathF.Pow(Gamma, step / Math.Max(1, StepSize));
}

/// <summary>
/// Linear warm-up over <see cref="WarmupSteps"/> to lr, then cosine decay to <see cref="MinLearningRate"/> at
/// <see cref="TotalSteps"/>, constant after (as nanoGPT): lr(t) = min + ½(lr − min)(1 + cos(π·(t − w)/(T − w))).
/// </summary>
public sealed record CosineSchedule(float LearningRate, long WarmupSteps, long TotalSteps, float MinLearningRate) : LearningRateSchedule
{
    public override float At(long step)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / (WarmupSteps + 1);
        if (step >= TotalSteps) return MinLearningRate;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return (float)(MinLearningRate + 0.5 * (LearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}
