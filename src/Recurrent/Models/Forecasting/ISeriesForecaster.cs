namespace Recurrent.Models.Forecasting;

/// <summary>
/// Anything that forecasts a series' value column from its past: the recurrent model and every baseline, scored by the
/// same code on the same origins.
/// </summary>
public interface ISeriesForecaster
{
    /// <summary>The name its lines start with ("rnn", "ar(9)", "persistence").</summary>
    string Name { get; }

    /// <summary>The fewest rows before an origin it needs (τ for a windowed model, p for AR(p)).</summary>
    int History { get; }

    /// <summary>
    /// forecasts[i][h − 1]: the value at row origins[i] + h − 1, h = 1 … <paramref name="horizon"/>, from rows
    /// [0, origins[i]) of <paramref name="series"/> only, on the series' own scale.
    /// </summary>
    double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon);
}
