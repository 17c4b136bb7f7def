namespace Recurrent.Optim;

/// <summary>The learning rate for update number <c>step</c> (0-based).</summary>
public abstract record LearningRateSchedule
{
    public abstract float At(long step);
}
