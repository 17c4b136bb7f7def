using System.CommandLine;
using System.Runtime.InteropServices;
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
        // Before any data is read: the folder must be writable, and no other run may be using it.
        CheckWritable(outDir);
        string command = "rnn " + string.Join(' ', p.Tokens.Select(t => t.Value));
        using var folderLock = OutputLock.Acquire(outDir, command);
        folderLock.RemoveUnfinishedWrites();
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
        foreach (var line in trainer.Task.Describe()) Console.WriteLine(line);
        Console.WriteLine($"training: {JsonSerializer.Serialize(trainer.Config)}, threads {KernelThreads.Count}");
        if (resume) Console.WriteLine($"resuming at step {trainer.Step} of {trainer.ScheduledSteps}");

        // Ctrl-C (SIGINT) or SIGTERM: the step in progress finishes, a checkpoint is written at it, the exit code says
        // which signal (130, 143). A second Ctrl-C ends the process at once.
        using var stop = new CancellationTokenSource();
        int signalExit = 0;
        void OnSignal(PosixSignalContext context, int exit)
        {
            if (stop.IsCancellationRequested) return;
            context.Cancel = true;
            signalExit = exit;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, 130));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, 143));

        var observer = new ProgressObserver(trainer, outDir, display, command);
        var outcome = observer.Interactive
            ? AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    observer.Task = ctx.AddTask("starting", maxValue: trainer.ScheduledSteps);
                    observer.Task.Value = trainer.Step;
                    return trainer.Run(observer, checkpointPath, cancel: stop.Token);
                })
            : trainer.Run(observer, checkpointPath, cancel: stop.Token);

        if (outcome == TrainingOutcome.Stopped)
        {
            trainer.SaveCheckpoint(checkpointPath);
            observer.Finish(outcome);
            Console.Error.WriteLine($"interrupted ({(signalExit == 130 ? "SIGINT" : "SIGTERM")}) at step {trainer.Step}: saved {checkpointPath}; " +
                "continue with the same command and --resume.");
            return signalExit;
        }

        if (outcome != TrainingOutcome.Stopped) observer.Finish(outcome);
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

    /// <summary>A one-line error now, not after the first hour, if <paramref name="folder"/> cannot be created or written.</summary>
    private static void CheckWritable(string folder)
    {
        string probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out {folder} cannot be written ({e.Message.TrimEnd('.')}); choose another folder.");
        }
    }
}
