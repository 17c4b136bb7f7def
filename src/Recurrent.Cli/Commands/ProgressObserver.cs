using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Shows a run's progress: a live bar (step, loss, gradient norm, learning rate, items/s, last validation, ETA) on a
/// terminal, a line every 10 s otherwise; at each evaluation a line and the learning curves as PNG plots; and the
/// same for the browser in <c>progress.json</c> (<see cref="ProgressFile"/>, read by <c>rnn serve --runs</c>).
/// </summary>
internal sealed class ProgressObserver(Trainer trainer, string outDir, TrainingDisplay display, string command) : ITrainingObserver
{
    private readonly ProgressFile _file = new(trainer, outDir, command);

    public bool Interactive { get; } = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
    public ProgressTask? Task { get; set; }

    /// <summary>The evaluation of this session's last interval, if any.</summary>
    public Evaluation? LastEvaluation { get; private set; }
    private double _lastPrint = double.NegativeInfinity, _lastSeconds;
    private long _lastStep = -1;
    private double _itemsPerSecond;
    private string _validation = "";

    public void OnStep(StepReport r, double elapsed)
    {
        long total = trainer.ScheduledSteps;
        if (_lastStep >= 0 && elapsed > _lastSeconds)
        {
            double rate = r.Items * (r.Step - _lastStep) / (elapsed - _lastSeconds);
            _itemsPerSecond = _itemsPerSecond == 0 ? rate : 0.9 * _itemsPerSecond + 0.1 * rate;
        }
        (_lastStep, _lastSeconds) = (r.Step, elapsed);
        _file.OnStep(r, elapsed, _itemsPerSecond);
        string line = $"step {r.Step}/{total}  loss {r.Loss:F3}  |g| {r.GradientNorm:F2}  lr {r.LearningRate:0.0e0}  {_itemsPerSecond:N0} {trainer.Task.ItemUnit}/s{_validation}";
        if (Task is not null)
        {
            Task.MaxValue = total;
            Task.Value = r.Step;
            Task.Description = Markup.Escape(line);
        }
        else if (elapsed - _lastPrint >= 10 || r.Step == total)
        {
            double eta = _itemsPerSecond > 0 ? (total - r.Step) * r.Items / _itemsPerSecond : 0;
            Console.WriteLine($"{line}  elapsed {elapsed / 60:F1} min  ETA {eta / 60:F1} min");
            _lastPrint = elapsed;
        }
    }

    public void OnEvaluation(HistoryPoint p, Evaluation evaluation)
    {
        LastEvaluation = evaluation;
        _file.Primary = evaluation.Primary;
        _file.Write("running");
        _validation = $"  val {evaluation.Primary} {evaluation.PrimaryValue:F3}";
        Console.WriteLine($"step {p.Step}: train {p.TrainLoss:F4}  validation {evaluation.Summary}");
        var history = trainer.History;
        double[] steps = [.. history.Select(h => (double)h.Step)];
        var train = new Series("train (mean over interval)", steps, [.. history.Select(h => h.TrainLoss)]);
        var curves = evaluation.Metrics.ContainsKey("loss")
            ? new[] { train, new Series("validation (held out)", steps, [.. history.Select(h => h.Metrics["loss"])]) }
            : [train];
        LinePlot.Save(Path.Combine(outDir, "loss.png"), display.Title, "step", display.LossLabel, curves);
        if (evaluation.Primary != "loss")
            LinePlot.Save(Path.Combine(outDir, $"{evaluation.Primary}.png"), display.Title, "step", $"validation {evaluation.Primary}",
                new Series($"validation {evaluation.Primary}", steps, [.. history.Select(h => h.Metrics[evaluation.Primary])]));
    }

    public void OnCheckpoint(string path, long step) => _file.Write("running");

    /// <summary>The run's end in progress.json: completed, time-limit, diverged, early-stopped or interrupted.</summary>
    public void Finish(TrainingOutcome outcome) => _file.Write(outcome switch
    {
        TrainingOutcome.Completed => "completed",
        TrainingOutcome.TimeLimit => "time-limit",
        TrainingOutcome.Diverged => "diverged",
        TrainingOutcome.Stopped => "interrupted",
        _ => "early-stopped",
    });
}
