using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The <see cref="MarkovMlp"/> as a baseline: trained on the training rows' windows by the shared trainer (in memory,
/// no checkpoint), recursive for longer horizons. It reads the value column only, on the series' scaler.
/// </summary>
public sealed class MarkovBaseline : ISeriesForecaster
{
    /// <summary>The seeds' width was 10; 32 trains as quickly and was never worse on the series tried.</summary>
    public const int Hidden = 32;

    private readonly MarkovMlp _model;
    private readonly SeriesScaler _scaler;

    private MarkovBaseline(MarkovMlp model, SeriesScaler scaler) => (_model, _scaler) = (model, scaler);

    public string Name => $"mlp({_model.Order})";
    public int History => _model.Order;

    /// <summary>
    /// Fits the MLP on the last <paramref name="order"/> values of rows [0, <paramref name="trainRows"/>): AdamW at
    /// 3·10⁻³ for 40 epochs of batches of 32 (at least 500 and at most 3,000 steps), from <paramref name="seed"/>.
    /// </summary>
    public static MarkovBaseline Fit(ObservedSeries series, SeriesScaler scaler, int trainRows, int order, ulong seed)
    {
        var z = scaler.Transform(series.Head(trainRows).Values);
        var values = new float[trainRows];
        for (int t = 0; t < trainRows; t++) values[t] = z[t * series.Features];
        int windows = trainRows - order;
        if (windows < 1) throw new ArgumentException($"An MLP on {order} values needs more than {order} training rows, got {trainRows}.");
        int steps = Math.Clamp(40 * ((windows + 31) / 32), 500, 3000);
        var config = new TrainingConfig { Batch = 32, LearningRate = 3e-3f, MinLearningRate = 3e-4f, WarmupSteps = 50, Steps = steps, EvalInterval = steps, Seed = seed };
        MarkovMlp? model = null;
        var trainer = Trainer.Start(config, rng => new Task(model = new MarkovMlp(order, Hidden, rng),
            new SeriesWindows(values, 1, order, 1, config.Batch, BatchOrder.Shuffled, rng)));
        if (trainer.Run(new Quiet(), checkpointPath: null) == TrainingOutcome.Diverged)
            throw new InvalidOperationException("The MLP baseline's loss diverged.");
        model!.Training = false;
        return new MarkovBaseline(model, scaler);
    }

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon)
    {
        int tau = _model.Order, B = origins.Count, F = series.Features;
        foreach (int o in origins) Forecasts.CheckOrigin(this, series, o);
        var windows = new float[B * tau];
        for (int b = 0; b < B; b++)
            for (int k = 0; k < tau; k++) windows[b * tau + k] = (series.Value(origins[b] - tau + k) - _scaler.Mean[0]) / _scaler.Std[0];
        var result = origins.Select(_ => new double[horizon]).ToArray();
        using (_model.Inference())
            for (int j = 0; j < horizon; j++)
            {
                var y = _model.Forward(new Variable(Tensor.FromArray(windows, B, tau))).Value.Span;
                for (int b = 0; b < B; b++)
                {
                    result[b][j] = _scaler.Inverse(y[b]);
                    windows.AsSpan(b * tau + 1, tau - 1).CopyTo(windows.AsSpan(b * tau, tau - 1));
                    windows[b * tau + tau - 1] = y[b];
                }
            }
        return result;
    }

    /// <summary>Windows of τ values → the next one, squared error.</summary>
    private sealed class Task(MarkovMlp model, SeriesWindows windows) : ITrainingTask
    {
        public string Kind => "markov-mlp";
        public Module Model => model;
        public string ItemUnit => "win";

        public BatchLoss NextLoss()
        {
            var b = windows.Next();
            int B = b.Size, tau = b.Window;
            var x = new float[B * tau];
            for (int t = 0; t < tau; t++)
                for (int i = 0; i < B; i++) x[i * tau + t] = b.Inputs[t * B + i];
            return new BatchLoss(Loss.MeanSquaredError(model.Forward(new Variable(Tensor.FromArray(x, B, tau))), Tensor.FromArray(b.Targets, B, 1)), B);
        }

        public Evaluation Evaluate() => new(new Dictionary<string, double> { ["none"] = 0 }, "none", false, "");
        public void SaveState(Checkpoint checkpoint) { }
        public IEnumerable<string> Describe() => [];
    }

    private sealed class Quiet : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
        public void OnCheckpoint(string path, long step) { }
    }
}
