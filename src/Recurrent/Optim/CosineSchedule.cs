namespace Recurrent.Optim;

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
