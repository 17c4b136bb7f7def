using Recurrent.Data;
using Recurrent.Models.Forecasting;

namespace Recurrent.Tests.Forecasting;

public class ForecastBaselineTests
{
    private static ObservedSeries Series(params double[] values) => new([.. values.Select(v => (float)v)], 1);

    private static string Sunspots => Path.Combine(AppContext.BaseDirectory, "data", "sunspots", "sunspots.csv");

    [Fact]
    public void AR1_least_squares_matches_the_closed_form_slope_and_intercept()
    {
        // φ = cov(y_t, y_(t−1)) / var(y_(t−1)), c = mean(y_t) − φ·mean(y_(t−1)): least squares with one regressor.
        var rng = new Recurrent.Tensors.Rng(7);
        var y = new double[60];
        for (int t = 1; t < y.Length; t++) y[t] = 1.5 + 0.7 * y[t - 1] + (rng.NextFloat() - 0.5);
        var series = Series(y);
        var ar = AutoRegressive.Fit(series, 1, y.Length);
        double[] now = [.. Enumerable.Range(1, y.Length - 1).Select(t => (double)series.Value(t))];
        double[] before = [.. Enumerable.Range(0, y.Length - 1).Select(t => (double)series.Value(t))];
        double mx = before.Average(), my = now.Average();
        double phi = before.Zip(now).Sum(p => (p.First - mx) * (p.Second - my)) / before.Sum(x => (x - mx) * (x - mx));
        Assert.Equal(phi, ar.Coefficients[0], 1e-9);
        Assert.Equal(my - phi * mx, ar.Intercept, 1e-9);
        // Two steps ahead is the one-step rule applied to its own forecast.
        var f = ar.Forecast(series, [30], 2)[0];
        Assert.Equal(ar.Intercept + phi * series.Value(29), f[0], 1e-9);
        Assert.Equal(ar.Intercept + phi * f[0], f[1], 1e-9);
    }

    [Fact]
    public void AR2_recovers_the_coefficients_of_a_noise_free_recursion()
    {
        var y = new double[24];
        (y[0], y[1]) = (1, 3);
        for (int t = 2; t < y.Length; t++) y[t] = 2 + 0.5 * y[t - 1] - 0.3 * y[t - 2];
        var ar = AutoRegressive.Fit(Series(y), 2, y.Length);
        Assert.Equal(2, ar.Intercept, 1e-6);
        Assert.Equal(0.5, ar.Coefficients[0], 1e-6);
        Assert.Equal(-0.3, ar.Coefficients[1], 1e-6);
    }

    [Fact]
    public void AR9_on_sunspots_1700_1920_gives_the_published_cross_check_on_1921_1955()
    {
        var csv = CsvSeries.Read(Sunspots, "SUNACTIVITY");
        var series = new ObservedSeries(csv.Values, 1);
        double scale = ForecastScores.MaseScale(series, 221, 1);
        var ar = ForecastComparison.Run(AutoRegressive.Fit(series, 9, 221), series, 221, 256, [1], scale).Scores[0];
        Assert.Equal(13.75, ar.Rmse, 0.01);
        Assert.Equal(10.38, ar.Mae, 0.01);
        Assert.Equal(35, ar.Count);
        Assert.Equal(25.26, ForecastComparison.Run(new Persistence(), series, 221, 256, [1], scale).Scores[0].Rmse, 0.01);
    }

    [Fact]
    public void The_naive_forecasts_repeat_the_last_value_the_last_season_or_the_training_mean()
    {
        var s = Series(1, 2, 3, 4, 5, 6, 7);
        Assert.Equal([4, 4, 4], new Persistence().Forecast(s, [4], 3)[0]);
        Assert.Equal([3, 4, 3, 4, 3], new SeasonalNaive(2).Forecast(s, [4], 5)[0]);
        Assert.Equal([2.5, 2.5], new TrainingMean(s, 4).Forecast(s, [6], 2)[0]);
    }

    [Fact]
    public void Scores_follow_their_definitions_on_a_hand_computed_case()
    {
        var s = Series(1, 2, 4, 8);
        // Origins 2 and 3, one step ahead: targets 4 and 8, forecasts 5 and 6 → errors −1, 2.
        var scores = ForecastScores.Of(s, [2, 3], [[5, 0], [6, 0]], [1], 4, ForecastScores.MaseScale(s, 3, 1));
        var h1 = scores[0];
        Assert.Equal(2, h1.Count);
        Assert.Equal(Math.Sqrt(2.5), h1.Rmse, 1e-12);
        Assert.Equal(1.5, h1.Mae, 1e-12);
        Assert.Equal(1.5 / 1.5, h1.Mase, 1e-12);                  // scale: mean(|2 − 1|, |4 − 2|) = 1.5
        Assert.Equal(100 * (2.0 / 9 + 4.0 / 14) / 2, h1.Smape, 1e-9);
    }

    [Fact]
    public void A_horizon_longer_than_the_part_it_is_scored_on_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ForecastComparison.Run(new Persistence(), Series(1, 2, 3, 4, 5), 3, 5, [1, 3], 1));
        Assert.Contains("Horizon 3 is longer than the part it is scored on (rows 3 … 4, 2 rows)", e.Message);
    }

    [Fact]
    public void The_season_is_the_first_autocorrelation_peak_and_a_trend_has_none()
    {
        var rng = new Recurrent.Tensors.Rng(5);
        var daily = Series([.. Enumerable.Range(0, 24 * 20).Select(t => 10 * Math.Sin(2 * Math.PI * t / 24) + rng.NextFloat())]);
        Assert.Equal(24, SeasonalPeriod.Detect(daily, daily.Steps));
        var csv = CsvSeries.Read(Sunspots, "SUNACTIVITY");
        Assert.InRange(SeasonalPeriod.Detect(new ObservedSeries(csv.Values, 1), 221) ?? 0, 9, 12);   // the ~11-year cycle
        Assert.Null(SeasonalPeriod.Detect(Series([.. Enumerable.Range(0, 200).Select(t => 0.5 * t + rng.NextFloat())]), 200));
    }

    [Fact]
    public void Interval_quantiles_interpolate_between_order_statistics()
    {
        double[] sorted = [1, 2, 3, 4, 5];
        Assert.Equal(1.2, PredictionIntervals.Quantile(sorted, 0.05), 1e-12);
        Assert.Equal(4.8, PredictionIntervals.Quantile(sorted, 0.95), 1e-12);
        Assert.Equal(3, PredictionIntervals.Quantile(sorted, 0.5), 1e-12);
    }
}
