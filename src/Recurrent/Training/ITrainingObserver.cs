namespace Recurrent.Training;

/// <summary>Told of progress by <see cref="Trainer.Run"/> (the CLI draws a progress bar and plots from it).</summary>
public interface ITrainingObserver
{
    void OnStep(StepReport report, double elapsedSeconds);
    void OnEvaluation(HistoryPoint point, Evaluation evaluation);
    void OnCheckpoint(string path, long step);
}
