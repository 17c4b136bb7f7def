namespace Recurrent.Optim;

/// <summary>lr at every step.</summary>
public sealed record ConstantSchedule(float LearningRate) : LearningRateSchedule
{
    public override float At(long step) => LearningRate;
}
