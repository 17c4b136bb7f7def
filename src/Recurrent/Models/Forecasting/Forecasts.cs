namespace Recurrent.Models.Forecasting;

/// <summary>Checks shared by the forecasters.</summary>
internal static class Forecasts
{
    /// <summary>An origin with at least the forecaster's history before it and inside the series (rows [0, o) are read); returns it.</summary>
    public static int CheckOrigin(ISeriesForecaster forecaster, ObservedSeries series, int origin) =>
        origin >= Math.Max(1, forecaster.History) && origin <= series.Steps ? origin
            : throw new ArgumentException($"{forecaster.Name} cannot forecast from row {origin}: it reads the {forecaster.History} rows before it, and the series has {series.Steps}.");
}
