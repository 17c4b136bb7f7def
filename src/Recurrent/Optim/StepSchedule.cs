namespace Recurrent.Optim;

/// <summary>lr · γ^⌊step / stepSize⌋ (torch.optim.lr_scheduler.StepLR).</summary>
public sealed record StepSchedule(float LearningRate, long StepSize, float Gamma) : LearningRateSchedule
{
    public override float At(long step) => LearningRate * MathF.Pow(Gamma, step / Math.Max(1, StepSize));
}
