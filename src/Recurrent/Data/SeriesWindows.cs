using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Windows of a series x (T, F) row-major for forecasting: window k takes the τ input steps from s = k·stride, all
/// F features, and predicts the h steps after them of the target columns (the value column 0 by default, as
/// <see cref="CsvSeries"/> lays it out), for k = 0 … (T − τ − h) / stride. Covariates are inputs of the past steps
/// only. Batches of windows go in order or shuffled (each epoch every window once) under the same cursor contract as
/// <see cref="PaddedBatches"/>. A held-out stretch that should see its own past: pass the rows from τ before its first
/// target. The batcher keeps the caller's array without copying it.
/// </summary>
public sealed class SeriesWindows : EpochBatches<SeriesBatch>
{
    private readonly float[] _series;
    private readonly int[] _targetColumns;

    /// <param name="series">(T, F) row-major; every value finite.</param>
    /// <param name="features">F.</param>
    /// <param name="window">τ ≥ 1, the input steps.</param>
    /// <param name="horizon">h ≥ 1, the steps to predict.</param>
    /// <param name="batchSize">B.</param>
    /// <param name="order">Shuffled for training, Sequential for evaluation (ByLength is Sequential here).</param>
    /// <param name="rng">The generator the shuffled order draws its seed from; unused (may be null) otherwise.</param>
    /// <param name="stride">Steps between window starts (1: every window).</param>
    /// <param name="targetColumns">The columns predicted; [0] when null.</param>
    public SeriesWindows(float[] series, int features, int window, int horizon, int batchSize, BatchOrder order, Rng? rng = null,
        int stride = 1, IReadOnlyList<int>? targetColumns = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (features < 1 || series.Length % features != 0)
            throw new ArgumentException($"A series of {series.Length} values is not (T, F) with F = {features} features.");
        if (window < 1 || horizon < 1 || stride < 1)
            throw new ArgumentException($"The window ({window}), horizon ({horizon}) and stride ({stride}) must each be at least 1.");
        int bad = Array.FindIndex(series, v => !float.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"The series has the non-finite value {series[bad]} at step {bad / features}, feature {bad % features}.");
        _targetColumns = targetColumns?.ToArray() ?? [0];
        if (_targetColumns.Length == 0) throw new ArgumentException("At least one target column is needed.");
        foreach (int c in _targetColumns)
            if ((uint)c >= (uint)features) throw new ArgumentException($"Target column {c} is outside the series' {features} features.");
        int steps = series.Length / features;
        if (steps < window + horizon)
            throw new ArgumentException($"A series of {steps} steps is shorter than one window: τ + h = {window} + {horizon} = {window + horizon} steps.");
        (_series, Features, Window, Horizon, Stride, BatchSize) = (series, features, window, horizon, stride, batchSize);
        WindowCount = (steps - window - horizon) / stride + 1;
        Schedule = new BatchSchedule(new long[WindowCount], batchSize, order, rng, bucketBatches: 1, "windows");
    }

    public int Features { get; }

    public int Window { get; }

    public int Horizon { get; }

    public int Stride { get; }

    /// <summary>The columns predicted, K of them.</summary>
    public IReadOnlyList<int> TargetColumns => _targetColumns;

    /// <summary>(T − τ − h) / stride + 1.</summary>
    public int WindowCount { get; }

    private protected override SeriesBatch Make(int[] windows)
    {
        int B = windows.Length, F = Features, K = _targetColumns.Length;
        var inputs = new float[Window * B * F];
        var targets = new float[Horizon * B * K];
        var starts = new int[B];
        for (int b = 0; b < B; b++)
        {
            int s = starts[b] = windows[b] * Stride;
            for (int t = 0; t < Window; t++)
                _series.AsSpan((s + t) * F, F).CopyTo(inputs.AsSpan((t * B + b) * F, F));
            for (int j = 0; j < Horizon; j++)
                for (int k = 0; k < K; k++) targets[(j * B + b) * K + k] = _series[(s + Window + j) * F + _targetColumns[k]];
        }
        return new SeriesBatch(Window, Horizon, F, K, inputs, targets, starts);
    }
}
