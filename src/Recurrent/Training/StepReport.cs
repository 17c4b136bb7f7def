namespace Recurrent.Training;

/// <summary>What one optimisation step did: its loss, the gradient norm before clipping, the rate, and the items it covered.</summary>
public sealed record StepReport(long Step, float Loss, float GradientNorm, float LearningRate, int Items);
