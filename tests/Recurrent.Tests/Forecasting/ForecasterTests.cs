using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Models.Forecasting;
using Recurrent.Tensors;

namespace Recurrent.Tests.Forecasting;

public class ForecasterTests
{
    /// <summary>A noisy sine with a covariate: 120 rows, 2 features.</summary>
    internal static ObservedSeries Wave(int rows = 120, int features = 1)
    {
        var rng = new Rng(3);
        var values = new float[rows * features];
        for (int t = 0; t < rows; t++)
            for (int f = 0; f < features; f++) values[t * features + f] = 50 + 20 * MathF.Sin(0.3f * t + f) + 3 * rng.NextFloat();
        return new ObservedSeries(values, features);
    }

    private static RecurrentForecaster Untrained(ForecasterConfig config, ObservedSeries series, ulong seed = 1) =>
        new(new Forecaster(config with { Features = series.Features }, new Rng(seed)), SeriesScaler.Fit(series, 80));

    [Fact]
    public void The_seed_preset_is_the_seeds_RnnModel_parameter_for_parameter()
    {
        var model = new Forecaster(ForecasterConfig.SeedRnn(new ForecasterConfig()), new Rng(0));
        var shapes = model.Parameters.ToDictionary(p => p.Name, p => p.Value.ShapeString);
        Assert.Equal(new Dictionary<string, string>
        {
            ["rnn.weight_ih_l0"] = "(32, 1)", ["rnn.weight_hh_l0"] = "(32, 32)", ["rnn.bias_ih_l0"] = "(32)", ["rnn.bias_hh_l0"] = "(32)",
            ["linear.weight"] = "(1, 32)", ["linear.bias"] = "(1)",
        }, shapes);
        Assert.Equal(Recurrent.Layers.RecurrentMode.RnnTanh, model.Recurrent.Mode);
    }

    [Theory]
    [InlineData(199, 16)]
    [InlineData(999, 16)]
    [InlineData(1_000, 32)]
    [InlineData(50_000, 64)]
    public void The_default_hidden_size_grows_with_the_training_rows(int rows, int hidden) => Assert.Equal(hidden, ForecasterConfig.HiddenFor(rows));

    [Fact]
    public void Stateful_streams_continue_where_the_last_batch_stopped_and_say_when_they_restart()
    {
        var series = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var streams = new SeriesStreams(series, 1, 3, 1, 2);        // 2 streams of 10 rows: rows 0–9 and 10–19
        var (first, starts) = streams.Next();
        Assert.True(starts);
        Assert.Equal([0, 10, 1, 11, 2, 12], first.Inputs);
        Assert.Equal([3, 13], first.Targets);
        var (second, again) = streams.Next();
        Assert.False(again);
        Assert.Equal([3, 13, 4, 14, 5, 15], second.Inputs);
        Assert.Equal(3, streams.BatchesPerPass);                       // windows at 0, 3, 6 (6 + 3 + 1 ≤ 10)
        streams.Next();
        Assert.True(streams.Next().Starts);
        Assert.Equal(new BatchCursor(1, 1), streams.Cursor);
    }

    [Fact]
    public void Step_targets_are_the_rows_after_each_step_recursive_and_direct()
    {
        // Rows 0..9 of one feature, value = row number: a window of 3 from row s=2 and the 2 rows after it.
        var series = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var direct = new Forecaster(new ForecasterConfig(Window: 3, Strategy: "direct", Horizon: 2), new Rng(0));
        var batch = new SeriesWindows(series, 1, 3, 2, 1, BatchOrder.Sequential).RestOfEpoch().ElementAt(2);
        Assert.Equal([3, 4, 4, 5, 5, 6], direct.StepTargets(batch).Span.ToArray());   // step t → rows s+t+1, s+t+2
        var recursive = new Forecaster(new ForecasterConfig(Window: 3), new Rng(0));
        var oneAhead = new SeriesWindows(series, 1, 3, 1, 1, BatchOrder.Sequential).RestOfEpoch().ElementAt(2);
        Assert.Equal([3, 4, 5], recursive.StepTargets(oneAhead).Span.ToArray());
    }

    [Fact]
    public void Recursive_equals_direct_at_horizon_1()
    {
        var series = Wave();
        foreach (var mode in new[] { "windowed", "stateful" })
        {
            var recursive = Untrained(new ForecasterConfig(Window: 12, Mode: mode), series);
            var direct = Untrained(new ForecasterConfig(Window: 12, Mode: mode, Strategy: "direct", Horizon: 1), series);
            Assert.Equal(recursive.Model.Parameters.Select(p => p.Value.Span.ToArray()), direct.Model.Parameters.Select(p => p.Value.Span.ToArray()));
            int[] origins = [80, 95, 119];
            Assert.Equal(recursive.Forecast(series, origins, 1), direct.Forecast(series, origins, 1));
        }
    }

    [Fact]
    public void A_windowed_recursive_forecast_feeds_each_prediction_back_as_the_newest_row()
    {
        var series = Wave(features: 2);
        var f = Untrained(new ForecasterConfig(Window: 8), series);
        var two = f.Forecast(series, [100], 2)[0];
        // By hand: the window, its last output (both features), the window slid over it.
        var z = f.Scaler.Transform(series.Values);
        var window = z.AsSpan(92 * 2, 16).ToArray();
        float[] Last(float[] w)
        {
            using (f.Model.Inference())
                return f.Model.Forward(new Variable(Tensor.FromArray(w, 8, 1, 2))).Output.Value.Span[(7 * 2)..].ToArray();
        }
        var first = Last(window);
        var second = Last([.. window[2..], .. first]);
        Assert.Equal(f.Scaler.Inverse(first[0]), two[0]);
        Assert.Equal(f.Scaler.Inverse(second[0]), two[1]);
    }

    [Fact]
    public void A_stateful_forecast_equals_reading_the_whole_history_in_one_call()
    {
        var series = Wave();
        var f = Untrained(new ForecasterConfig(Cell: "lstm", Layers: 2, Window: 12, Mode: "stateful"), series);
        var z = f.Scaler.Transform(series.Values);
        float whole;
        using (f.Model.Inference())
            whole = f.Model.Forward(new Variable(Tensor.FromArray(z[..90], 90, 1, 1))).Output.Value.Span[89];
        Assert.Equal(f.Scaler.Inverse(whole), f.Forecast(series, [90], 1)[0][0], 1e-3);
        // Batched origins give what each gives alone.
        var together = f.Forecast(series, [40, 90], 5);
        Assert.Equal(f.Forecast(series, [40], 5)[0], together[0]);
        Assert.Equal(f.Forecast(series, [90], 5)[0], together[1]);
    }

    public static TheoryData<string> Systems => new() { "persistence", "seasonal", "mean", "ar", "mlp", "windowed", "stateful", "direct" };

    [Theory]
    [MemberData(nameof(Systems))]
    public void No_forecaster_reads_the_rows_it_forecasts(string name)
    {
        var series = Wave();
        ISeriesForecaster system = name switch
        {
            "persistence" => new Persistence(),
            "seasonal" => new SeasonalNaive(7),
            "mean" => new TrainingMean(series, 80),
            "ar" => AutoRegressive.Fit(series, 5, 80),
            "mlp" => MarkovBaseline.Fit(series, SeriesScaler.Fit(series, 80), 80, 5, 1),
            "direct" => Untrained(new ForecasterConfig(Window: 12, Strategy: "direct", Horizon: 6), series),
            _ => Untrained(new ForecasterConfig(Window: 12, Mode: name), series),
        };
        int origin = 90;
        var before = system.Forecast(series, [origin], 6);
        var tampered = (float[])series.Values.Clone();
        for (int i = origin; i < tampered.Length; i++) tampered[i] = 1e6f;
        Assert.Equal(before, system.Forecast(new ObservedSeries(tampered, 1), [origin], 6));
    }
}
