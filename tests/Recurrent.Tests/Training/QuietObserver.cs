using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>The one observer that ignores everything, for runs whose progress a test does not watch.</summary>
internal sealed class QuietObserver : ITrainingObserver
{
    public void OnStep(StepReport report, double elapsedSeconds) { }
    public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
    public void OnCheckpoint(string path, long step) { }
}
