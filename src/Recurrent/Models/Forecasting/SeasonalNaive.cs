namespace Recurrent.Models.Forecasting;

/// <summary>The seasonal naive forecast with period m: the value one season before, ŷ_(o+h−1) = y_(o−m+((h−1) mod m)).</summary>
public sealed class SeasonalNaive : ISeriesForecaster
{
    public SeasonalNaive(int period) =>
        Period = period >= 1 ? period : throw new ArgumentException($"--period must be positive, got {period}.");

    public int Period { get; }
    public string Name => $"seasonal-naive({Period})";
    public int History => Period;

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon) =>
        [.. origins.Select(o =>
        {
            Forecasts.CheckOrigin(this, series, o);
            return Enumerable.Range(0, horizon).Select(j => (double)series.Value(o - Period + j % Period)).ToArray();
        })];
}
