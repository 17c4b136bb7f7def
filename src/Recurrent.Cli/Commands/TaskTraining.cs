using System.CommandLine;
using System.Text.Json;
using Recurrent.Kernels;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Runs any task's training from the shared options: a fresh run or a resume from <c>--out</c>, the resolved config
/// printed, the progress display, the outcome reported (exit code 3 when the loss diverged), the final metrics.
/// </summary>
internal static class TaskTraining
{
    /// <param name="create">A fresh task from the run's generator and the training config.</param>
    /// <param name="restore">The task of a checkpoint, for a resume (same data).</param>
    /// <param name="finish">What the task shows once trained (a sample, a confusion matrix...).</param>
    /// <param name="resolve">A fresh run's config from the options, for defaults that depend on the data (steps per epoch...).</param>
    public static int Run(ParseResult p, TrainingOptions options, TrainingDisplay display,
        Func<Rng, TrainingConfig, ITrainingTask> create, Func<Checkpoint, Rng, TrainingConfig, ITrainingTask> restore,
        Action<Trainer>? finish = null, Func<TrainingConfig, TrainingConfig>? resolve = null)
    {
        KernelThreads.Count = options.Threads(p);
        string outDir = options.OutDir(p);
        string checkpointPath = Path.Combine(outDir, "checkpoint.safetensors");
        bool resume = options.Resume(p);
        Trainer trainer;
        if (resume)
        {
            if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"{checkpointPath}: no checkpoint to resume from.");
            trainer = Trainer.Resume(checkpointPath, restore, options.StepsGiven(p));
        }
        else
        {
            var config = options.Read(p);
            if (resolve is not null) config = resolve(config);
            config.Validate();
            trainer = Trainer.Start(config, rng => create(rng, config));
        }
        Directory.CreateDirectory(outDir);
        foreach (var line in trainer.Task.Describe()) Console.WriteLine(line);
        Console.WriteLine($"training: {JsonSerializer.Serialize(trainer.Config)}, threads {KernelThreads.Count}");
        if (resume) Console.WriteLine($"resuming at step {trainer.Step} of {trainer.ScheduledSteps}");

        var observer = new ProgressObserver(trainer, outDir, display);
        var outcome = observer.Interactive
            ? AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    observer.Task = ctx.AddTask("starting", maxValue: trainer.ScheduledSteps);
                    observer.Task.Value = trainer.Step;
                    return trainer.Run(observer, checkpointPath);
                })
            : trainer.Run(observer, checkpointPath);

        if (outcome == TrainingOutcome.Diverged)
        {
            Console.Error.WriteLine($"error: the loss became NaN or infinite at step {trainer.Step + 1}; training stopped. " +
                (File.Exists(checkpointPath) ? $"The last good checkpoint is {checkpointPath}." : "No checkpoint was written."));
            return 3;
        }
        if (outcome == TrainingOutcome.TimeLimit) Console.WriteLine($"time limit reached at step {trainer.Step}.");
        if (outcome == TrainingOutcome.EarlyStopped) Console.WriteLine($"stopped early at step {trainer.Step}: no improvement in {trainer.Config.Patience} evaluations.");
        if (observer.LastEvaluation is { } last)
            Console.WriteLine($"validation: {last.Summary} (step {trainer.History[^1].Step}, {trainer.ElapsedSeconds / 60:F1} min)");
        Console.WriteLine($"checkpoint: {checkpointPath} (best: {Trainer.BestPath(checkpointPath)})\nloss curve: {Path.Combine(outDir, "loss.png")}");
        finish?.Invoke(trainer);
        return 0;
    }
}
