namespace Recurrent.Training;

/// <summary>How <see cref="Trainer.Run"/> ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All steps done.</summary>
    Completed,
    /// <summary>The <c>--minutes</c> cap was reached (a checkpoint was written).</summary>
    TimeLimit,
    /// <summary>The loss or gradient became NaN or infinite; the last good checkpoint is kept.</summary>
    Diverged,
    /// <summary>Cancelled by the caller.</summary>
    Stopped,
    /// <summary>The primary metric did not improve for <c>--patience</c> evaluations.</summary>
    EarlyStopped,
}
