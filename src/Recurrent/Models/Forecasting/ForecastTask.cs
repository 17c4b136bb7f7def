using System.Globalization;
using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Forecasting as a training task. Batches come from the standardised training rows only: shuffled windows
/// (<see cref="SeriesWindows"/>, windowed mode) or consecutive windows of B streams with the state carried between
/// them (<see cref="SeriesStreams"/>, stateful mode). The loss is the forecaster's mean squared error at every step;
/// the evaluation is the one-step forecast of every validation row (RMSE on the data's scale is the primary metric).
/// Saved beside the trainer's parts: <c>model_config</c>, <c>task_config</c>, <c>scaler</c>, <c>shuffle_seed</c>,
/// <c>data_cursor</c>, <c>data_sha256</c>, and in stateful mode the carried state <c>carry.h</c> (<c>carry.c</c>).
/// </summary>
public sealed class ForecastTask : ITrainingTask
{
    public const string TaskKind = "forecaster";
    private readonly SeriesWindows? _windows;
    private readonly SeriesStreams? _streams;
    private readonly ulong _shuffleSeed;
    private readonly double _maseScale;
    private Variable? _carryH, _carryC;

    private ForecastTask(ForecasterConfig model, ForecastData data, int batch, Rng rng, SeriesScaler? scaler, ulong? shuffleSeed)
    {
        Data = data;
        model = model with { Features = data.Series.Features };
        model.Validate();
        int ahead = model.Direct ? model.Horizon : 1;
        if (data.TrainRows < model.Window + ahead)
            throw new ArgumentException($"The training part (rows 0 … {data.TrainRows - 1}, {data.TrainRows} rows) is too short for one window of " +
                $"{model.Window} rows and the {ahead} after it: lower --window{(model.Direct ? " or --horizon" : "")}, or move --val-from later.");
        scaler ??= SeriesScaler.Fit(data.Series, data.TrainRows);
        Forecaster = new RecurrentForecaster(new Forecaster(model, rng), scaler);
        _shuffleSeed = shuffleSeed ?? ((ulong)rng.NextUInt() << 32 | rng.NextUInt());
        var z = scaler.Transform(data.Series.Head(data.TrainRows).Values);
        int[] targets = model.Direct ? [0] : [.. Enumerable.Range(0, model.Features)];
        if (model.Stateful) _streams = new SeriesStreams(z, model.Features, model.Window, ahead, batch, targets);
        else _windows = new SeriesWindows(z, model.Features, model.Window, ahead, batch, BatchOrder.Shuffled, new Rng(_shuffleSeed), targetColumns: targets);
        _maseScale = ForecastScores.MaseScale(data.Series, data.TrainRows, data.Config.Period);
    }

    /// <summary>A fresh task: the scaler fitted on the training rows, a new model.</summary>
    public ForecastTask(ForecasterConfig model, ForecastData data, int batch, Rng rng) : this(model, data, batch, rng, null, null) { }

    public string Kind => TaskKind;
    public RecurrentForecaster Forecaster { get; }
    public Forecaster Model => Forecaster.Model;
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "win";
    public ForecastData Data { get; }

    public BatchLoss NextLoss()
    {
        if (_windows is not null)
        {
            var batch = _windows.Next();
            return new BatchLoss(Model.Loss(batch).Loss, batch.Size);
        }
        var (streamBatch, starts) = _streams!.Next();
        if (starts) (_carryH, _carryC) = (null, null);
        var (loss, state) = Model.Loss(streamBatch, _carryH, _carryC);
        // Truncated BPTT: the state goes on, its graph does not.
        (_carryH, _carryC) = (new Variable(state.HiddenState.Value.Clone()), state.CellState is { } c ? new Variable(c.Value.Clone()) : null);
        return new BatchLoss(loss, streamBatch.Size);
    }

    public Evaluation Evaluate() => Evaluation(Forecaster, Data, _maseScale);

    /// <summary>The one-step forecast of every validation row: RMSE (primary), MAE, MASE, sMAPE on the data's scale.</summary>
    public static Evaluation Evaluation(ISeriesForecaster forecaster, ForecastData data, double maseScale) =>
        Evaluation(forecaster, data, maseScale, data.Config.ValFrom, data.Config.TestFrom, "validation");

    /// <summary>The same for rows [from, to), named <paramref name="part"/> in the summary.</summary>
    public static Evaluation Evaluation(ISeriesForecaster forecaster, ForecastData data, double maseScale, int from, int to, string part)
    {
        var score = ForecastComparison.Run(forecaster, data.Series, from, to, [1], maseScale).Scores[0];
        var metrics = new Dictionary<string, double> { ["rmse"] = score.Rmse, ["mae"] = score.Mae, ["mase"] = score.Mase, ["smape"] = score.Smape };
        return new Evaluation(metrics, "rmse", HigherIsBetter: false, $"{score.Summary()} on {part} rows {data.Label(from)} … {data.Label(to - 1)}");
    }

    public IEnumerable<string> Describe()
    {
        var c = Data.Config;
        yield return $"data: {c.Csv}, column {c.Column}{(c.Covariates.Length > 0 ? $" with covariates {string.Join(", ", c.Covariates)}" : "")}; " +
            $"train rows 0 … {c.ValFrom - 1} ({Data.Label(0)} … {Data.Label(c.ValFrom - 1)}), validation {c.ValFrom} … {c.TestFrom - 1}, test {c.TestFrom} … {c.TestTo - 1} ({Data.Label(c.TestFrom)} … {Data.Label(c.TestTo - 1)})";
        yield return $"scaler (training rows only): mean {string.Join(", ", Forecaster.Scaler.Mean.Select(m => m.ToString("G5", CultureInfo.InvariantCulture)))}, " +
            $"std {string.Join(", ", Forecaster.Scaler.Std.Select(m => m.ToString("G5", CultureInfo.InvariantCulture)))}";
        yield return _windows is not null
            ? $"batches: {_windows.WindowCount:N0} windows of {Model.Config.Window} rows, shuffled, {_windows.BatchesPerEpoch} per epoch"
            : $"batches: {_streams!.Streams} streams of {_streams.StreamLength} rows, windows of {Model.Config.Window} rows carrying the state, {_streams.BatchesPerPass} per pass";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Data.Config);
        checkpoint.Metadata["scaler"] = Forecaster.Scaler.Serialize();
        checkpoint.Metadata["shuffle_seed"] = _shuffleSeed.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["data_cursor"] = (_windows?.Cursor ?? _streams!.Cursor).ToString();
        checkpoint.Metadata["data_sha256"] = Data.Hash;
        if (_carryH is not null) checkpoint.Tensors["carry.h"] = _carryH.Value;
        if (_carryC is not null) checkpoint.Tensors["carry.c"] = _carryC.Value;
    }

    /// <summary>The task of a checkpoint, to continue training on the same data (refused by hash otherwise).</summary>
    public static ForecastTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng)
    {
        var (model, config, scaler) = ReadState(checkpoint, path);
        var data = ForecastData.Load(config);
        if (checkpoint.Require("data_sha256", path) != data.Hash)
            throw new ArgumentException($"{path} was trained on different data than {config.Csv} holds now; resume with the same data.");
        var task = new ForecastTask(model, data, batch, rng, scaler, checkpoint.Parse("shuffle_seed", path, v => ulong.Parse(v, CultureInfo.InvariantCulture)));
        var cursor = checkpoint.Parse("data_cursor", path, BatchCursor.Parse);
        if (task._windows is not null) task._windows.Cursor = cursor;
        else task._streams!.Cursor = cursor;
        if (checkpoint.Tensors.TryGetValue("carry.h", out var h)) task._carryH = new Variable(h.Clone());
        if (checkpoint.Tensors.TryGetValue("carry.c", out var c)) task._carryC = new Variable(c.Clone());
        return task;
    }

    /// <summary>The forecaster of a checkpoint (weights loaded, evaluation mode) and its task config.</summary>
    public static (RecurrentForecaster Forecaster, ForecastTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (model, config, scaler) = ReadState(checkpoint, path);
        var network = checkpoint.Model(() => new Forecaster(model, new Rng(0)), path);
        return (new RecurrentForecaster(network, scaler), config);
    }

    public static (RecurrentForecaster Forecaster, ForecastTaskConfig Config) Open(string path) => Open(Checkpoint.Load(path, TaskKind), path);

    private static (ForecasterConfig, ForecastTaskConfig, SeriesScaler) ReadState(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        var model = checkpoint.Json<ForecasterConfig>("model_config", path, c => c.Validate());
        var config = checkpoint.Json<ForecastTaskConfig>("task_config", path);
        var scaler = SeriesScaler.Parse(checkpoint.Require("scaler", path), path);
        if (scaler.Features != model.Features)
            throw new InvalidDataException($"{path}: the scaler has {scaler.Features} features but the model reads {model.Features}.");
        return (model, config, scaler);
    }
}
