using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Recurrent.Optim;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// The one training loop, for every task: AdamW (or SGD), gradient clipping by global norm, cosine learning-rate schedule with
/// warm-up, evaluation every interval, the last and the best checkpoint, early stopping, a NaN stop that keeps the last
/// good checkpoint, and exact resume (weights, optimizer moments, step, generator state, elapsed time, history, and
/// whatever the task saves: its cursor, carried state, vocabulary). The result does not depend on the thread count.
/// </summary>
public sealed class Trainer
{
    private readonly Rng _rng;
    private readonly Optimizer _optimizer;
    private LearningRateSchedule _schedule;
    private readonly Stopwatch _sessionClock = new();
    private double _trainLossSum;
    private int _trainLossCount;
    private double _previousSeconds;
    private long _sessionStartStep;

    /// <summary>Steps after which a run fitted to time first measures its speed.</summary>
    public const int CalibrationSteps = 50;

    private Trainer(TrainingConfig config, Rng rng, Func<Rng, ITrainingTask> createTask)
    {
        config.Validate();
        (Config, _rng) = (config, rng);
        Task = createTask(rng);
        _optimizer = config.Optimizer == "sgd"
            ? new Sgd(Task.Model.Parameters, config.LearningRate, config.Momentum, weightDecay: config.WeightDecay)
            : new AdamW(Task.Model.Parameters, config.LearningRate, weightDecay: config.WeightDecay);
        ScheduledSteps = config.Steps;
        _schedule = new CosineSchedule(config.LearningRate, config.WarmupSteps, config.Steps, config.MinLearningRate);
    }

    /// <summary>Where the schedule ends: <see cref="TrainingConfig.Steps"/>, or sooner in a run fitted to its time limit.</summary>
    public long ScheduledSteps { get; private set; }

    public ITrainingTask Task { get; }
    public TrainingConfig Config { get; }
    public long Step { get; private set; }
    public List<HistoryPoint> History { get; } = [];

    /// <summary>Seconds of training so far, across resumes.</summary>
    public double ElapsedSeconds => _previousSeconds + _sessionClock.Elapsed.TotalSeconds;

    /// <summary>
    /// A fresh run: one generator seeded from <see cref="TrainingConfig.Seed"/> drives the task's initialisation,
    /// dropout and batch sampling (<paramref name="createTask"/> receives it).
    /// </summary>
    public static Trainer Start(TrainingConfig config, Func<Rng, ITrainingTask> createTask) => new(config, new Rng(config.Seed), createTask);

    /// <summary>
    /// Continues the run saved in <paramref name="path"/>. <paramref name="restoreTask"/> rebuilds the task from the
    /// checkpoint (its configuration, vocabulary and data; it refuses other data) with the generator and training config it is given; the
    /// trainer then restores weights, optimizer, step, generator state and history. <paramref name="steps"/> moves the end.
    /// </summary>
    public static Trainer Resume(string path, Func<Checkpoint, Rng, TrainingConfig, ITrainingTask> restoreTask, int? steps = null)
    {
        var checkpoint = Checkpoint.Load(path);
        var config = JsonSerializer.Deserialize<TrainingConfig>(checkpoint.Require("training_config", path))
            ?? throw new InvalidDataException($"{path}: unreadable training_config.");
        if (steps is { } s) config = config with { Steps = s };
        var trainer = new Trainer(config, new Rng(0), rng => restoreTask(checkpoint, rng, config));
        trainer.Task.Model.LoadStateDict(checkpoint.Group("model"), strict: true, source: path);
        trainer._optimizer.LoadState(checkpoint.Group("optimizer"), ParseLong(checkpoint, "optimizer_step", path), path);
        trainer.Step = ParseLong(checkpoint, "step", path);
        trainer._rng.SetState(JsonSerializer.Deserialize<uint[]>(checkpoint.Require("rng", path)));
        trainer._previousSeconds = double.Parse(checkpoint.Require("elapsed_seconds", path), CultureInfo.InvariantCulture);
        trainer.History.AddRange(HistoryPoint.ParseList(checkpoint.Require("history", path), path));
        // A checkpoint written between evaluations (a stop by signal) carries the interval's running loss, so the next
        // history point is the one an uninterrupted run records.
        if (checkpoint.Metadata.TryGetValue("interval_loss_sum", out var sum))
        {
            trainer._trainLossSum = checkpoint.Parse("interval_loss_sum", path, v => double.Parse(v, CultureInfo.InvariantCulture));
            trainer._trainLossCount = checkpoint.Parse("interval_loss_count", path, v => int.Parse(v, CultureInfo.InvariantCulture));
        }
        if (config.FitToMinutes && checkpoint.Metadata.ContainsKey("scheduled_steps"))
            trainer.Reschedule(Math.Min(config.Steps, ParseLong(checkpoint, "scheduled_steps", path)));
        return trainer;
    }

    /// <summary>
    /// Trains until <see cref="TrainingConfig.Steps"/> (or <paramref name="stopAtStep"/>, the time cap, or early stopping),
    /// evaluating and checkpointing every eval interval and at the end. The best evaluation so far is also written to
    /// <see cref="BestPath"/>. A NaN or infinite loss stops the run without overwriting the last good checkpoint.
    /// A null <paramref name="checkpointPath"/> writes nothing (a model fitted in memory, such as a baseline).
    /// </summary>
    public TrainingOutcome Run(ITrainingObserver observer, string? checkpointPath, long? stopAtStep = null, CancellationToken cancel = default)
    {
        long stop = stopAtStep ?? long.MaxValue;
        _sessionStartStep = Step;
        _sessionClock.Start();
        try
        {
            while (Step < Math.Min(ScheduledSteps, stop))
            {
                long end = Math.Min(ScheduledSteps, stop);
                if (cancel.IsCancellationRequested) return TrainingOutcome.Stopped;
                if (Config.Minutes > 0 && ElapsedSeconds >= Config.Minutes * 60)
                {
                    FinishInterval(observer, checkpointPath);
                    return TrainingOutcome.TimeLimit;
                }
                var report = TrainStep();
                if (report is null) return TrainingOutcome.Diverged;
                if (Step - _sessionStartStep == CalibrationSteps) FitToTime(earliest: Step + 1);
                observer.OnStep(report, ElapsedSeconds);
                if (Step % Config.EvalInterval == 0 || Step == end)
                {
                    var sinceBest = FinishInterval(observer, checkpointPath);
                    FitToTime(earliest: Step);
                    if (sinceBest is { } n && Config.Patience > 0 && n >= Config.Patience) return TrainingOutcome.EarlyStopped;
                }
            }
            return TrainingOutcome.Completed;
        }
        finally { _sessionClock.Stop(); }
    }

    // A run fitted to its time limit: the schedule ends at the step this session's speed so far (evaluations included)
    // reaches at the limit, never past the steps asked for and not before `earliest` (the next step between evaluations,
    // so that the run still ends with one; this step right after an evaluation). A schedule already ended stays so.
    private void FitToTime(long earliest)
    {
        if (!Config.FitToMinutes || Config.Minutes <= 0 || Step >= ScheduledSteps) return;
        double seconds = _sessionClock.Elapsed.TotalSeconds, left = Config.Minutes * 60 - ElapsedSeconds;
        long done = Step - _sessionStartStep;
        if (done < 1 || seconds <= 0) return;
        Reschedule(Math.Clamp(Step + (long)(left * done / seconds), Math.Min(earliest, Config.Steps), Config.Steps));
    }

    private void Reschedule(long end)
    {
        ScheduledSteps = end;
        _schedule = new CosineSchedule(Config.LearningRate, Config.WarmupSteps, end, Config.MinLearningRate);
    }

    /// <summary>
    /// Where the best checkpoint of a run goes, beside the last one: <c>best.safetensors</c> for a run's
    /// <c>checkpoint.safetensors</c>, else <c>NAME.best.safetensors</c> for <c>NAME.safetensors</c> (so runs sharing a folder do not share it).
    /// </summary>
    public static string BestPath(string checkpointPath)
    {
        string full = Path.GetFullPath(checkpointPath), directory = Path.GetDirectoryName(full)!;
        string name = Path.GetFileNameWithoutExtension(full);
        return Path.Combine(directory, name == "checkpoint" ? "best.safetensors" : $"{name}.best{Path.GetExtension(full)}");
    }

    /// <summary>
    /// One step of the run: the task's next batch and loss, <see cref="Optimize"/> at the scheduled rate.
    /// Returns null if the loss or the gradient is not finite (nothing is updated then).
    /// </summary>
    public StepReport? TrainStep()
    {
        Task.Model.Training = true;
        var batch = Task.NextLoss();
        float lr = _schedule.At(Step);
        _optimizer.LearningRate = lr;
        if (Optimize(batch.Loss, _optimizer, Config.Clip) is not var (loss, norm)) return null;
        Step++;
        _trainLossSum += loss;
        _trainLossCount++;
        return new StepReport(Step, loss, norm, lr, batch.Items);
    }

    /// <summary>
    /// The optimisation step, the only one in the code base: zero the gradients, backpropagate <paramref name="loss"/>,
    /// clip by global norm at <paramref name="clip"/> (0: measure the norm, leave the gradient), update. Returns the loss and the norm before clipping, or null
    /// (and updates nothing) if either is not finite.
    /// </summary>
    public static (float Loss, float GradientNorm)? Optimize(Autograd.Variable loss, Optimizer optimizer, float clip)
    {
        float value = loss.Value.Span[0];
        if (!float.IsFinite(value)) return null;
        optimizer.ZeroGrad();
        loss.Backward();
        float norm = clip > 0 ? GradientClipping.ClipByGlobalNorm(optimizer.Parameters, clip) : GradientClipping.GlobalNorm(optimizer.Parameters);
        if (!float.IsFinite(norm)) return null;
        optimizer.Step();
        return (value, norm);
    }

    // Evaluates, records, checkpoints; returns how many evaluations ago the best one was (0: this one), or null if no
    // step was taken since the last evaluation.
    private int? FinishInterval(ITrainingObserver observer, string? checkpointPath)
    {
        if (_trainLossCount == 0) return null;
        var evaluation = Task.Evaluate();
        var point = new HistoryPoint(Step, _trainLossSum / _trainLossCount, evaluation.Metrics);
        (_trainLossSum, _trainLossCount) = (0, 0);
        History.Add(point);
        observer.OnEvaluation(point, evaluation);
        int best = 0;
        for (int i = 1; i < History.Count; i++)
            if (evaluation.Improves(History[i].Metrics[evaluation.Primary], History[best].Metrics[evaluation.Primary])) best = i;
        if (checkpointPath is null) return History.Count - 1 - best;
        try
        {
            SaveCheckpoint(checkpointPath);
            if (best == History.Count - 1) AtomicFile.Write(BestPath(checkpointPath), File.ReadAllBytes(checkpointPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The disk filled up or the folder became unwritable: the files being replaced are intact (atomic writes).
            throw new IOException($"{checkpointPath}: the checkpoint at step {Step} could not be written ({e.Message.TrimEnd('.')}); " +
                $"the last good one is intact{(LastSavedStep is { } s ? $" (step {s})" : "")}.", e);
        }
        LastSavedStep = Step;
        observer.OnCheckpoint(checkpointPath, Step);
        return History.Count - 1 - best;
    }

    /// <summary>The step of the last checkpoint this trainer wrote, or null.</summary>
    public long? LastSavedStep { get; private set; }

    /// <summary>Writes the shared parts (weights, optimizer, step, generator, time, history, config) and the task's own, atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        var checkpoint = new Checkpoint(Task.Kind, [], []);
        foreach (var p in Task.Model.Parameters) checkpoint.Tensors["model." + p.Name] = p.Value;
        foreach (var (name, value) in _optimizer.StateTensors()) checkpoint.Tensors["optimizer." + name] = value;
        checkpoint.Metadata["training_config"] = JsonSerializer.Serialize(Config);
        checkpoint.Metadata["step"] = Step.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["scheduled_steps"] = ScheduledSteps.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["optimizer_step"] = _optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["rng"] = JsonSerializer.Serialize(_rng.GetState());
        checkpoint.Metadata["elapsed_seconds"] = ElapsedSeconds.ToString("R", CultureInfo.InvariantCulture);
        checkpoint.Metadata["history"] = HistoryPoint.Serialize(History);
        if (_trainLossCount > 0)
        {
            checkpoint.Metadata["interval_loss_sum"] = _trainLossSum.ToString("R", CultureInfo.InvariantCulture);
            checkpoint.Metadata["interval_loss_count"] = _trainLossCount.ToString(CultureInfo.InvariantCulture);
        }
        Task.SaveState(checkpoint);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        checkpoint.Save(path);
    }

    private static long ParseLong(Checkpoint checkpoint, string key, string path) =>
        long.TryParse(checkpoint.Require(key, path), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v : throw new InvalidDataException($"{path}: checkpoint metadata '{key}' is not an integer.");
}
