namespace Recurrent.Data;

/// <summary>
/// Consecutive windows of a series for stateful training (truncated BPTT over a series, as <see cref="SequentialWindows"/>
/// is over a text): the T rows are cut into B streams of L = ⌊T / B⌋ rows, stream b being rows [b·L, (b + 1)·L);
/// batch k holds, for every stream, the τ rows from p = k·τ and the h rows after them (targets of the given columns),
/// so a state carried from batch k − 1 continues exactly where it stopped. A pass ends when the next window would
/// leave its stream; <see cref="Next"/> then starts the streams again and says so (the carried state must be reset).
/// </summary>
public sealed class SeriesStreams
{
    private readonly float[] _series;
    private readonly int[] _targetColumns;

    /// <param name="series">(T, F) row-major, every value finite.</param>
    /// <param name="features">F.</param>
    /// <param name="window">τ, the rows of each batch.</param>
    /// <param name="horizon">h, the rows after each window its targets take.</param>
    /// <param name="streams">B.</param>
    /// <param name="targetColumns">The target columns ([0] when null).</param>
    public SeriesStreams(float[] series, int features, int window, int horizon, int streams, IReadOnlyList<int>? targetColumns = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (features < 1 || series.Length % features != 0)
            throw new ArgumentException($"A series of {series.Length} values is not (T, F) with F = {features} features.");
        if (window < 1 || horizon < 1 || streams < 1)
            throw new ArgumentException($"The window ({window}), horizon ({horizon}) and stream count ({streams}) must each be at least 1.");
        _targetColumns = targetColumns?.ToArray() ?? [0];
        foreach (int c in _targetColumns)
            if ((uint)c >= (uint)features) throw new ArgumentException($"Target column {c} is outside the series' {features} features.");
        int steps = series.Length / features;
        StreamLength = steps / streams;
        if (StreamLength < window + horizon)
            throw new ArgumentException($"{streams} streams of {StreamLength} rows (from {steps}) are shorter than one window and its targets, " +
                $"{window} + {horizon} rows: use a smaller --batch or --window.");
        (_series, Features, Window, Horizon, Streams) = (series, features, window, horizon, streams);
        BatchesPerPass = (StreamLength - window - horizon) / window + 1;
    }

    public int Features { get; }
    public int Window { get; }
    public int Horizon { get; }
    public int Streams { get; }

    /// <summary>L, the rows of each stream.</summary>
    public int StreamLength { get; }

    /// <summary>The batches before the streams start again.</summary>
    public int BatchesPerPass { get; }

    /// <summary>Passes done (Epoch) and batches of this pass handed out (Position).</summary>
    public BatchCursor Cursor { get; set; } = BatchCursor.Start;

    /// <summary>The next batch, and whether it starts the streams (the state carried so far does not belong to it).</summary>
    public (SeriesBatch Batch, bool Starts) Next()
    {
        var cursor = Cursor;
        if (cursor.Position >= BatchesPerPass) cursor = new BatchCursor(cursor.Epoch + 1, 0);
        int p = cursor.Position * Window, B = Streams, F = Features, K = _targetColumns.Length;
        var inputs = new float[Window * B * F];
        var targets = new float[Horizon * B * K];
        var starts = new int[B];
        for (int b = 0; b < B; b++)
        {
            int s = starts[b] = b * StreamLength + p;
            for (int t = 0; t < Window; t++) _series.AsSpan((s + t) * F, F).CopyTo(inputs.AsSpan((t * B + b) * F, F));
            for (int j = 0; j < Horizon; j++)
                for (int k = 0; k < K; k++) targets[(j * B + b) * K + k] = _series[(s + Window + j) * F + _targetColumns[k]];
        }
        Cursor = cursor with { Position = cursor.Position + 1 };
        return (new SeriesBatch(Window, Horizon, F, K, inputs, targets, starts), cursor.Position == 0);
    }
}
