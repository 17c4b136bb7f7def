namespace Recurrent.Models.Forecasting;

/// <summary>The naive forecast: every step ahead is the last value seen, ŷ_(o+h−1) = y_(o−1).</summary>
public sealed class Persistence : ISeriesForecaster
{
    public string Name => "persistence";
    public int History => 1;

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon) =>
        [.. origins.Select(o => Enumerable.Repeat((double)series.Value(Forecasts.CheckOrigin(this, series, o) - 1), horizon).ToArray())];
}
