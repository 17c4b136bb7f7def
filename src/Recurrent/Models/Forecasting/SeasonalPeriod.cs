namespace Recurrent.Models.Forecasting;

/// <summary>
/// A season guessed from the training rows when none is given: the first lag k ≥ 2 at which the autocorrelation
///   r_k = Σ_t (y_t − ȳ)(y_(t−k) − ȳ) / Σ_t (y_t − ȳ)²
/// is a local maximum (r_(k−1) &lt; r_k ≥ r_(k+1)) of at least 0.3, looked for up to a third of the rows (at most 400
/// lags). Hourly data with a daily cycle gives 24, monthly data with a yearly one 12, sunspots 11; a trend or noise
/// gives none. It only sizes the window; the seasonal-naive baseline and MASE use the period only when it is given.
/// </summary>
public static class SeasonalPeriod
{
    public const double MinimumCorrelation = 0.3;

    /// <summary>The guessed period, or null when the autocorrelation has no such peak.</summary>
    public static int? Detect(ObservedSeries series, int trainRows)
    {
        int n = Math.Min(trainRows, series.Steps), maxLag = Math.Min(n / 3, 400);
        if (maxLag < 3) return null;
        double mean = 0;
        for (int t = 0; t < n; t++) mean += series.Value(t);
        mean /= n;
        double variance = 0;
        for (int t = 0; t < n; t++) variance += Math.Pow(series.Value(t) - mean, 2);
        if (variance == 0) return null;
        var r = new double[maxLag + 2];
        for (int k = 1; k <= maxLag + 1 && k < n; k++)
        {
            double sum = 0;
            for (int t = k; t < n; t++) sum += (series.Value(t) - mean) * (series.Value(t - k) - mean);
            r[k] = sum / variance;
        }
        for (int k = 2; k <= maxLag; k++)
            if (r[k] >= MinimumCorrelation && r[k] > r[k - 1] && r[k] >= r[k + 1]) return k;
        return null;
    }
}
