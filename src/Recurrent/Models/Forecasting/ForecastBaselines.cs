namespace Recurrent.Models.Forecasting;

/// <summary>
/// The baselines every forecast is printed beside, fitted on the same training rows as the recurrent model:
/// persistence, seasonal naive (when the period is above 1), the training mean, least-squares AR(p) with intercept
/// (p given, or the order that forecasts the validation rows best) and the seeds' Markov MLP on the same p values.
/// </summary>
public static class ForecastBaselines
{
    public static IReadOnlyList<ISeriesForecaster> Fit(ForecastData data, ulong seed = 1337)
    {
        var c = data.Config;
        var series = data.Series;
        int order = c.ArOrder > 0 ? c.ArOrder : AutoRegressive.ChooseOrder(series, c.ValFrom, c.TestFrom, c.MaxArOrder);
        var baselines = new List<ISeriesForecaster> { new Persistence() };
        if (c.Period > 1) baselines.Add(new SeasonalNaive(c.Period));
        baselines.Add(new TrainingMean(series, c.ValFrom));
        baselines.Add(AutoRegressive.Fit(series, order, c.ValFrom));
        baselines.Add(MarkovBaseline.Fit(series, SeriesScaler.Fit(series, c.ValFrom), c.ValFrom, order, seed));
        return baselines;
    }
}
