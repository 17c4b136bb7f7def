using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Models;
using Recurrent.Optim;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Training;

/// <summary>One point of the loss curve: mean training loss since the previous point, and validation loss.</summary>
public sealed record HistoryPoint(long Step, double TrainLoss, double ValidationLoss);

/// <summary>What one optimisation step did.</summary>
public sealed record StepReport(long Step, float Loss, float GradientNorm, float LearningRate, int Tokens);

public enum TrainingOutcome { Completed, TimeLimit, Diverged, Stopped }

/// <summary>Told of progress by <see cref="CharLmTrainer.Run"/> (the CLI draws a progress bar from it).</summary>
public interface ITrainingObserver
{
    void OnStep(StepReport report, double elapsedSeconds);
    void OnEvaluation(HistoryPoint point);
    void OnCheckpoint(string path, long step);
}

/// <summary>
/// Trains a <see cref="CharLanguageModel"/> by truncated backpropagation through time: AdamW, gradient clipping by
/// global norm, cosine learning-rate schedule with warm-up, validation on the held-out tail of the text, and
/// checkpoints that resume exactly (weights, optimizer moments, step, generator state, data cursor, carried state).
/// </summary>
public sealed class CharLmTrainer
{
    public const string CheckpointKind = "char-lm";
    private readonly Rng _rng;
    private readonly TokenBatches _batches;
    private readonly AdamW _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly string _textHash;
    private Variable? _carryHidden, _carryCell;
    private double _trainLossSum;
    private int _trainLossCount;
    private double _previousSeconds;

    private CharLmTrainer(CharModelConfig modelConfig, TrainingConfig config, TrainingData data, Rng rng)
    {
        config.Validate();
        (Config, Vocabulary, _rng) = (config, data.Vocabulary, rng);
        Model = new CharLanguageModel(modelConfig, rng);
        TrainTokens = data.Train;
        ValidationTokens = data.Validation;
        _batches = config.Bptt == "random" ? new RandomBatches(TrainTokens, config.SeqLen, config.Batch, rng)
                                           : new SequentialBatches(TrainTokens, config.SeqLen, config.Batch);
        _optimizer = new AdamW(Model.Parameters, config.LearningRate, weightDecay: config.WeightDecay);
        _schedule = new CosineSchedule(config.LearningRate, config.WarmupSteps, config.Steps, config.MinLearningRate);
        _textHash = data.Hash;
    }

    public CharLanguageModel Model { get; }
    public ITokenVocabulary Vocabulary { get; }
    public TrainingConfig Config { get; }
    public int[] TrainTokens { get; }
    public int[] ValidationTokens { get; }
    public long Step { get; private set; }
    public List<HistoryPoint> History { get; } = [];

    /// <summary>Seconds of training so far, across resumes.</summary>
    public double ElapsedSeconds => _previousSeconds + _sessionClock.Elapsed.TotalSeconds;
    private readonly Stopwatch _sessionClock = new();

    /// <summary>A fresh run on a text's characters (vocabulary from the whole text, last part held out).</summary>
    public static CharLmTrainer Create(CharModelConfig shape, TrainingConfig config, string text) =>
        Create(shape, config, TrainingData.FromCharacters(text, config.ValidationFraction));

    /// <summary>A fresh run; <paramref name="shape"/>'s vocabulary size is filled in from the data.</summary>
    public static CharLmTrainer Create(CharModelConfig shape, TrainingConfig config, TrainingData data) =>
        new(shape with { VocabSize = data.Vocabulary.Count }, config, data, new Rng(config.Seed));

    /// <summary>Continues the run saved in <paramref name="path"/> on the same text's characters.</summary>
    public static CharLmTrainer Resume(string path, string text, int? steps = null) =>
        Resume(path, vocabulary => TrainingData.FromCharacters(text, ReadConfig(path).ValidationFraction, vocabulary), steps);

    /// <summary>
    /// Continues the run saved in <paramref name="path"/>; <paramref name="data"/> rebuilds the same data with the
    /// checkpoint's vocabulary (other data is refused); <paramref name="steps"/> (optional) moves the end of the run.
    /// </summary>
    public static CharLmTrainer Resume(string path, Func<ITokenVocabulary, TrainingData> data, int? steps = null)
    {
        var checkpoint = Checkpoint.Load(path, CheckpointKind);
        var modelConfig = JsonSerializer.Deserialize<CharModelConfig>(checkpoint.Require("model_config", path))
            ?? throw new InvalidDataException($"{path}: unreadable model_config.");
        var config = ReadConfig(path, checkpoint);
        if (steps is { } s) config = config with { Steps = s };
        var vocabulary = TokenVocabularies.Parse(checkpoint.Metadata.GetValueOrDefault("unit", "char"), checkpoint.Require("vocabulary", path));
        var trainer = new CharLmTrainer(modelConfig, config, data(vocabulary), new Rng(0));
        if (checkpoint.Require("text_sha256", path) != trainer._textHash)
            throw new ArgumentException($"{path} was trained on a different text; resume with the same --text.");
        trainer.Model.LoadStateDict(checkpoint.Group("model"), strict: true, source: path);
        trainer._optimizer.LoadState(checkpoint.Group("optimizer"), long.Parse(checkpoint.Require("optimizer_step", path)), path);
        trainer.Step = long.Parse(checkpoint.Require("step", path));
        trainer._rng.SetState(JsonSerializer.Deserialize<uint[]>(checkpoint.Require("rng", path)));
        trainer._batches.Cursor = long.Parse(checkpoint.Require("data_cursor", path));
        trainer._previousSeconds = double.Parse(checkpoint.Require("elapsed_seconds", path), System.Globalization.CultureInfo.InvariantCulture);
        trainer.History.AddRange(JsonSerializer.Deserialize<List<HistoryPoint>>(checkpoint.Require("history", path)) ?? []);
        var carry = checkpoint.Group("carry");
        if (carry.TryGetValue("h", out var h)) trainer._carryHidden = new Variable(h);
        if (carry.TryGetValue("c", out var c)) trainer._carryCell = new Variable(c);
        return trainer;
    }

    private static TrainingConfig ReadConfig(string path, Checkpoint? checkpoint = null)
    {
        checkpoint ??= Checkpoint.Load(path, CheckpointKind);
        return JsonSerializer.Deserialize<TrainingConfig>(checkpoint.Require("training_config", path))
            ?? throw new InvalidDataException($"{path}: unreadable training_config.");
    }

    /// <summary>
    /// Trains until <see cref="TrainingConfig.Steps"/> (or <paramref name="stopAtStep"/>, or the time cap), evaluating and
    /// checkpointing every eval interval and at the end. A NaN or infinite loss stops the run without overwriting the
    /// last good checkpoint.
    /// </summary>
    public TrainingOutcome Run(ITrainingObserver observer, string checkpointPath, long? stopAtStep = null, CancellationToken cancel = default)
    {
        long end = Math.Min(Config.Steps, stopAtStep ?? long.MaxValue);
        _sessionClock.Start();
        try
        {
            while (Step < end)
            {
                if (cancel.IsCancellationRequested) return TrainingOutcome.Stopped;
                if (Config.Minutes > 0 && ElapsedSeconds >= Config.Minutes * 60)
                {
                    FinishInterval(observer, checkpointPath);
                    return TrainingOutcome.TimeLimit;
                }
                var report = TrainStep();
                if (report is null) return TrainingOutcome.Diverged;
                observer.OnStep(report, ElapsedSeconds);
                if (Step % Config.EvalInterval == 0 || Step == end) FinishInterval(observer, checkpointPath);
            }
            return TrainingOutcome.Completed;
        }
        finally { _sessionClock.Stop(); }
    }

    private void FinishInterval(ITrainingObserver observer, string checkpointPath)
    {
        if (_trainLossCount == 0) return;
        var point = new HistoryPoint(Step, _trainLossSum / _trainLossCount, Evaluate(Model, ValidationTokens));
        (_trainLossSum, _trainLossCount) = (0, 0);
        History.Add(point);
        observer.OnEvaluation(point);
        SaveCheckpoint(checkpointPath);
        observer.OnCheckpoint(checkpointPath, Step);
    }

    /// <summary>One step of truncated BPTT; null if the loss or gradient is not finite (nothing is updated then).</summary>
    public StepReport? TrainStep()
    {
        Model.Training = true;
        if (_batches.Next()) (_carryHidden, _carryCell) = (null, null);
        int T = _batches.Steps, B = _batches.Batch;
        var (logits, hidden, cell) = Model.Forward(_batches.Inputs, T, B, _carryHidden, _carryCell);
        var loss = Loss.CrossEntropy(logits, _batches.Targets);
        float lossValue = loss.Value.Span[0];
        if (!float.IsFinite(lossValue)) return null;
        _optimizer.ZeroGrad();
        loss.Backward();
        float norm = GradientClipping.ClipByGlobalNorm(Model.Parameters, Config.Clip);
        if (!float.IsFinite(norm)) return null;
        float lr = _schedule.At(Step);
        _optimizer.LearningRate = lr;
        _optimizer.Step();
        // The carried state's values go on; the graph behind them is cut (truncated BPTT).
        if (Config.Bptt == "stateful") (_carryHidden, _carryCell) = (hidden.Detach(), cell?.Detach());
        Step++;
        _trainLossSum += lossValue;
        _trainLossCount++;
        return new StepReport(Step, lossValue, norm, lr, T * B);
    }

    /// <summary>The model and vocabulary of a checkpoint, for sampling and evaluation.</summary>
    public static (CharLanguageModel Model, ITokenVocabulary Vocabulary, Checkpoint Checkpoint) LoadModel(string path)
    {
        var checkpoint = Checkpoint.Load(path, CheckpointKind);
        var config = JsonSerializer.Deserialize<CharModelConfig>(checkpoint.Require("model_config", path))
            ?? throw new InvalidDataException($"{path}: unreadable model_config.");
        var vocabulary = TokenVocabularies.Parse(checkpoint.Metadata.GetValueOrDefault("unit", "char"), checkpoint.Require("vocabulary", path));
        if (vocabulary.Count != config.VocabSize)
            throw new InvalidDataException($"{path}: vocabulary has {vocabulary.Count} characters but the model expects {config.VocabSize}.");
        var model = new CharLanguageModel(config, new Rng(0));
        model.LoadStateDict(checkpoint.Group("model"), strict: true, source: path);
        model.Training = false;
        return (model, vocabulary, checkpoint);
    }

    public void SaveCheckpoint(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var p in Model.Parameters) tensors["model." + p.Name] = p.Value;
        foreach (var (name, value) in _optimizer.StateTensors()) tensors["optimizer." + name] = value;
        if (_carryHidden is not null) tensors["carry.h"] = _carryHidden.Value;
        if (_carryCell is not null) tensors["carry.c"] = _carryCell.Value;
        var metadata = new Dictionary<string, string>
        {
            ["model_config"] = JsonSerializer.Serialize(Model.Config),
            ["training_config"] = JsonSerializer.Serialize(Config),
            ["unit"] = Vocabulary.Unit,
            ["vocabulary"] = Vocabulary.Serialize(),
            ["step"] = Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["optimizer_step"] = _optimizer.StepCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["rng"] = JsonSerializer.Serialize(_rng.GetState()),
            ["data_cursor"] = _batches.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["elapsed_seconds"] = ElapsedSeconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["history"] = JsonSerializer.Serialize(History),
            ["text_sha256"] = _textHash,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new Checkpoint(CheckpointKind, metadata, tensors).Save(path);
    }

    /// <summary>
    /// Mean cross-entropy (nats per character) of predicting each next character of <paramref name="tokens"/>, in
    /// <paramref name="streams"/> contiguous streams read window by window with the state carried (no dropout).
    /// Each stream starts from a zero state; up to streams − 1 trailing characters are not scored.
    /// </summary>
    public static double Evaluate(CharLanguageModel model, int[] tokens, int streams = 32, int window = 256)
    {
        streams = Math.Max(1, Math.Min(streams, (tokens.Length - 1) / 2));
        int length = (tokens.Length - 1) / streams;
        if (length < 1) throw new ArgumentException($"Text of {tokens.Length} characters is too short to evaluate.");
        bool wasTraining = model.Training;
        model.Training = false;
        using var noGrad = Variable.NoGrad();
        try
        {
            double total = 0;
            long count = 0;
            Variable? h = null, c = null;
            for (int start = 0; start < length; start += window)
            {
                int T = Math.Min(window, length - start);
                var x = new int[T * streams];
                var y = new int[T * streams];
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < streams; b++)
                    {
                        x[t * streams + b] = tokens[b * length + start + t];
                        y[t * streams + b] = tokens[b * length + start + t + 1];
                    }
                var (logits, hn, cn) = model.Forward(x, T, streams, h, c);
                total += Loss.CrossEntropy(logits.Detach(), y).Value.Span[0] * (double)(T * streams);
                count += T * streams;
                (h, c) = (hn.Detach(), cn?.Detach());
            }
            return total / count;
        }
        finally { model.Training = wasTraining; }
    }
}
