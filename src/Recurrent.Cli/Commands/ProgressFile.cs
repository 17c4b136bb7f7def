using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Keeps a run's <see cref="RunProgress"/> up to date in its output folder: the loss of every step folded into at most
/// <see cref="RunProgress.MaxLossPoints"/> means (when full, neighbours merge and each point stands for twice as many
/// steps), written at most once a second, and at every evaluation, checkpoint and the end. A resumed run goes on with
/// the curve its folder's file holds up to the step it resumes from (the steps after it are trained again).
/// </summary>
internal sealed class ProgressFile
{
    private readonly Trainer trainer;
    private readonly string outDir, command;
    private readonly List<double[]> _losses = [];
    private long _stride = 1, _bucketCount, _bucketStep;
    private double _bucketSum, _lastWrite = double.NegativeInfinity, _itemsPerSecond, _elapsed;
    private string[]? _describe;

    public ProgressFile(Trainer trainer, string outDir, string command)
    {
        (this.trainer, this.outDir, this.command) = (trainer, outDir, command);
        if (trainer.Step == 0) return;
        try
        {
            if (RunProgress.Read(outDir) is { } previous && previous.Kind == trainer.Task.Kind && previous.LossStride >= 1)
            {
                _losses.AddRange(previous.Losses.Where(p => p.Length == 2 && p[0] <= trainer.Step));
                _stride = previous.LossStride;
                Primary = previous.Primary;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException) { }   // a new curve, then
    }

    /// <summary>The primary metric's name, once the first evaluation has said it.</summary>
    public string? Primary { get; set; }

    public void OnStep(StepReport r, double elapsed, double itemsPerSecond)
    {
        (_elapsed, _itemsPerSecond) = (elapsed, itemsPerSecond);
        if (float.IsFinite(r.Loss))
        {
            _bucketSum += r.Loss;
            _bucketStep = r.Step;
            if (++_bucketCount == _stride) { _losses.Add([_bucketStep, _bucketSum / _bucketCount]); (_bucketSum, _bucketCount) = (0, 0); }
            if (_losses.Count >= RunProgress.MaxLossPoints) Merge();
        }
        if (elapsed - _lastWrite >= 1 || r.Step == trainer.ScheduledSteps) Write("running");
    }

    /// <summary>Neighbouring points become one, at the later step, with the mean of both.</summary>
    private void Merge()
    {
        for (int i = 0; i < _losses.Count / 2; i++)
            _losses[i] = [_losses[2 * i + 1][0], (_losses[2 * i][1] + _losses[2 * i + 1][1]) / 2];
        _losses.RemoveRange(_losses.Count / 2, _losses.Count - _losses.Count / 2);
        _stride *= 2;
    }

    public void Write(string status)
    {
        _lastWrite = _elapsed;
        var losses = _bucketCount > 0 ? [.. _losses, [_bucketStep, _bucketSum / _bucketCount]] : _losses.ToList();
        var progress = new RunProgress
        {
            Kind = trainer.Task.Kind, Command = command, Config = trainer.Config, Describe = _describe ??= [.. trainer.Task.Describe()], Status = status,
            Step = trainer.Step, Steps = trainer.ScheduledSteps, ElapsedSeconds = trainer.ElapsedSeconds, ItemsPerSecond = _itemsPerSecond,
            ItemUnit = trainer.Task.ItemUnit, Primary = Primary, Updated = DateTime.UtcNow,
            Losses = losses, LossStride = _stride, History = [.. trainer.History],
        };
        try { progress.Write(outDir); }
        catch (IOException) { }   // progress is a view of the run; a full disk shows at the next checkpoint, with its own message
        catch (UnauthorizedAccessException) { }
    }
}
