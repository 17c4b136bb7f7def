namespace Recurrent.Models.Forecasting;

/// <summary>
/// Empirical prediction intervals from validation residuals, per horizon: for h = 1 … H, the residuals
/// r = y_(o+h−1) − ŷ of every forecast whose target lies in the validation rows (from origins before or inside them,
/// never reading a target), and their (1 − level)/2 and (1 + level)/2 quantiles (linear interpolation between order
/// statistics, R's type 7). The interval is [ŷ + lower_h, ŷ + upper_h]. No distribution is assumed; with n residuals
/// per horizon the coverage is only as good as n allows (a validation part of 20 rows gives rough 90% bounds).
/// </summary>
public sealed class PredictionIntervals
{
    /// <summary>At most this many validation targets are used (the latest ones): bounds the cost on long series.</summary>
    public const int MaxTargets = 1000;

    private PredictionIntervals(double level, double[] lower, double[] upper, int[] counts) => (Level, Lower, Upper, Counts) = (level, lower, upper, counts);

    public double Level { get; }

    /// <summary>lower[h − 1], added to the forecast.</summary>
    public IReadOnlyList<double> Lower { get; }

    /// <summary>upper[h − 1], added to the forecast.</summary>
    public IReadOnlyList<double> Upper { get; }

    /// <summary>The residuals behind each horizon's bounds.</summary>
    public IReadOnlyList<int> Counts { get; }

    public int Horizon => Lower.Count;

    /// <param name="system">The forecaster whose residuals are measured.</param>
    /// <param name="series">The series up to the end of the validation rows at least.</param>
    /// <param name="from">The first validation row.</param>
    /// <param name="to">The end of the validation rows (exclusive).</param>
    /// <param name="horizon">H, the longest step ahead.</param>
    /// <param name="level">The central probability, 0.9 for 5% … 95%.</param>
    public static PredictionIntervals Fit(ISeriesForecaster system, ObservedSeries series, int from, int to, int horizon, double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentException($"The interval level must be in (0, 1), got {level}.");
        if (to <= from) throw new ArgumentException("Prediction intervals need validation rows.");
        from = Math.Max(from, to - MaxTargets);
        int first = Math.Max(Math.Max(1, system.History), from - horizon + 1);
        var origins = Enumerable.Range(first, to - first).ToArray();
        var visible = series.Head(to);
        var forecasts = system.Forecast(visible, origins, horizon);
        var residuals = Enumerable.Range(0, horizon).Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < origins.Length; i++)
            for (int j = 0; j < horizon; j++)
            {
                int row = origins[i] + j;
                if (row >= from && row < to) residuals[j].Add(series.Value(row) - forecasts[i][j]);
            }
        var lower = new double[horizon];
        var upper = new double[horizon];
        var counts = new int[horizon];
        for (int j = 0; j < horizon; j++)
        {
            var r = residuals[j];
            if (r.Count == 0)
                throw new ArgumentException($"No validation residuals {j + 1} steps ahead: the validation part (rows {from} … {to - 1}) starts before {system.Name} has {system.History} rows of history.");
            r.Sort();
            (lower[j], upper[j], counts[j]) = (Quantile(r, (1 - level) / 2), Quantile(r, (1 + level) / 2), r.Count);
        }
        return new PredictionIntervals(level, lower, upper, counts);
    }

    /// <summary>The q-quantile of sorted values: x_(⌊k⌋) + (k − ⌊k⌋)(x_(⌊k⌋+1) − x_(⌊k⌋)), k = q(n − 1).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double k = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(k), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (k - lo) * (sorted[hi] - sorted[lo]);
    }
}
