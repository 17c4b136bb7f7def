namespace Recurrent.Models.Forecasting;

/// <summary>
/// Every system on the same rolling origins of one part of the series: the forecasts (for plots) and the scores at
/// each horizon. A horizon longer than the part is a one-line error.
/// </summary>
public sealed record ForecastComparison(string System, int[] Origins, double[][] Forecasts, HorizonScore[] Scores)
{
    /// <param name="system">The forecaster scored.</param>
    /// <param name="series">The series up to the end of the part at least.</param>
    /// <param name="from">The first origin (the part's first row).</param>
    /// <param name="to">The end of the part (exclusive).</param>
    /// <param name="horizons">The steps ahead scored.</param>
    /// <param name="maseScale">MASE's denominator (<see cref="ForecastScores.MaseScale"/>).</param>
    public static ForecastComparison Run(ISeriesForecaster system, ObservedSeries series, int from, int to, IReadOnlyList<int> horizons, double maseScale)
    {
        CheckHorizons(horizons, from, to);
        if (from < system.History)
            throw new ArgumentException($"{system.Name} reads {system.History} rows before each origin; the part starts at row {from}.");
        var origins = Enumerable.Range(from, to - from).ToArray();
        var visible = series.Head(to);   // nothing past the part exists for the forecaster
        var forecasts = system.Forecast(visible, origins, horizons.Max());
        return new ForecastComparison(system.Name, origins, forecasts, ForecastScores.Of(visible, origins, forecasts, horizons, to, maseScale));
    }

    /// <summary>Each horizon fits in the part [from, to): h ≤ to − from.</summary>
    public static void CheckHorizons(IReadOnlyList<int> horizons, int from, int to)
    {
        if (horizons.Count == 0) throw new ArgumentException("No horizons to score.");
        foreach (int h in horizons)
            if (h < 1 || h > to - from)
                throw new ArgumentException($"Horizon {h} is longer than the part it is scored on (rows {from} … {to - 1}, {to - from} rows); use horizons up to {to - from}.");
    }
}
