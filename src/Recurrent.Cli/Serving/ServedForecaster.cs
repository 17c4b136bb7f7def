using Recurrent.Cli.Commands;
using Recurrent.Models.Forecasting;

namespace Recurrent.Cli.Serving;

/// <summary>
/// A forecaster for the playground: the model, the series it was trained on (read again from its CSV, when that file
/// is still there) and its prediction intervals, fitted once, at the first request, on the validation rows as
/// <c>rnn forecast predict</c> fits them. A series pasted into the page (one-column models) is continued with the same
/// intervals.
/// </summary>
internal sealed class ServedForecaster
{
    public const int MaxSteps = 200, ShownHistory = 200;
    private readonly Lazy<PredictionIntervals?> _intervals;

    public ServedForecaster(RecurrentForecaster forecaster, ForecastTaskConfig config)
    {
        (Forecaster, Config) = (forecaster, config);
        if (File.Exists(ForecastData.PathOf(config.Csv)))
        {
            var read = ForecastData.ReadCsv(config);
            (Series, Times) = (new ObservedSeries(read.Values, read.Features), read.Times);
        }
        // Residuals h steps ahead need a validation row h − 1 rows after an origin with a full history.
        int longest = Math.Min(MostSteps, config.TestFrom - Math.Max(1, forecaster.History));
        _intervals = new(() => Series is { } s && s.Steps >= config.TestFrom && longest >= 1
            ? PredictionIntervals.Fit(forecaster, s, config.ValFrom, config.TestFrom, longest, config.Interval) : null);
    }

    public RecurrentForecaster Forecaster { get; }
    public ForecastTaskConfig Config { get; }

    /// <summary>The training CSV's rows, or null when the file is gone (then only pasted series are forecast).</summary>
    public ObservedSeries? Series { get; }
    public IReadOnlyList<string>? Times { get; }
    public int Features => Forecaster.Model.Config.Features;
    public int MostSteps => Forecaster.Model.Config.Direct ? Math.Min(MaxSteps, Forecaster.Model.Config.Horizon) : MaxSteps;

    /// <summary>
    /// The last rows of the series and the <paramref name="steps"/> after them: labels, values, and the interval's
    /// bounds (null without validation rows to fit them on, and past the steps the validation rows can measure).
    /// </summary>
    public object Forecast(ObservedSeries series, IReadOnlyList<string>? times, int steps)
    {
        var forecast = Forecaster.Forecast(series, [series.Steps], steps)[0];
        var intervals = _intervals.Value;
        int from = Math.Max(0, series.Steps - ShownHistory);
        string Label(int t) => times is { } ts && t < ts.Count ? ts[t] : t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new
        {
            column = Config.Column, time = Config.Time ?? "row",
            history = new { labels = Enumerable.Range(from, series.Steps - from).Select(Label), values = Enumerable.Range(from, series.Steps - from).Select(series.Value) },
            forecast = new
            {
                labels = ForecastCommand.NextLabels(times, series.Steps, steps), values = forecast,
                lower = intervals is null ? null : forecast.Select((f, j) => j < intervals.Horizon ? f + intervals.Lower[j] : (double?)null).ToArray(),
                upper = intervals is null ? null : forecast.Select((f, j) => j < intervals.Horizon ? f + intervals.Upper[j] : (double?)null).ToArray(),
            },
            level = intervals?.Level,
        };
    }
}
