using Recurrent.Data;
using Recurrent.Tensors;

namespace Recurrent.Tests.Data;

/// <summary>Forecasting windows: τ input steps of every feature → the next h steps of the target columns.</summary>
public sealed class SeriesWindowsTests
{
    /// <summary>T steps of F features: x[t, f] = 10·t + f, so every value names its place.</summary>
    private static float[] Series(int steps, int features) =>
        Enumerable.Range(0, steps * features).Select(i => (float)(10 * (i / features) + i % features)).ToArray();

    [Fact]
    public void A_window_is_tau_steps_of_every_feature_and_its_target_the_next_h_steps_of_the_target_columns()
    {
        var windows = new SeriesWindows(Series(8, 2), features: 2, window: 3, horizon: 2, batchSize: 2, BatchOrder.Sequential,
            stride: 2, targetColumns: [1]);
        Assert.Equal(2, windows.WindowCount);   // starts 0 and 2: (8 − 3 − 2) / 2 + 1
        var batch = windows.Next();
        Assert.Equal([0, 2], batch.Starts);
        // Inputs (τ, B, F): step t of window b is x[s_b + t, :].
        Assert.Equal([0, 1, 20, 21,
                      10, 11, 30, 31,
                      20, 21, 40, 41], batch.Inputs);
        // Targets (h, B, K): x[s_b + τ + j, 1].
        Assert.Equal([31, 51,
                      41, 61], batch.Targets);
    }

    [Fact]
    public void By_default_the_value_column_0_is_predicted_one_step_ahead_in_order()
    {
        var windows = new SeriesWindows(Series(6, 1), 1, window: 2, horizon: 1, batchSize: 4, BatchOrder.Sequential);
        var batch = Assert.Single(windows.RestOfEpoch());   // (6 − 2 − 1) / 1 + 1 = 4 windows
        Assert.Equal([0, 1, 2, 3], batch.Starts);
        Assert.Equal([20, 30, 40, 50], batch.Targets);
        Assert.Equal(new BatchCursor(1, 0), windows.Cursor);
    }

    [Fact]
    public void Shuffled_windows_visit_every_window_once_an_epoch_and_resume_exactly()
    {
        var series = Series(60, 3);
        SeriesWindows Make() => new(series, 3, window: 5, horizon: 3, batchSize: 7, BatchOrder.Shuffled, new Rng(9));
        var straight = Make();
        Assert.Equal(53, straight.WindowCount);
        var epoch0 = straight.RestOfEpoch().ToList();
        Assert.Equal(Enumerable.Range(0, 53), epoch0.SelectMany(b => b.Starts).Order());
        Assert.NotEqual(Enumerable.Range(0, 53), epoch0.SelectMany(b => b.Starts));
        var expected = epoch0.Concat(straight.RestOfEpoch()).ToList();

        var first = Make();
        for (int i = 0; i < 10; i++) first.Next();
        var resumed = Make();
        resumed.Cursor = first.Cursor;
        for (int i = 10; i < expected.Count; i++)
        {
            var batch = resumed.Next();
            Assert.Equal(expected[i].Starts, batch.Starts);
            Assert.Equal(expected[i].Inputs, batch.Inputs);
            Assert.Equal(expected[i].Targets, batch.Targets);
        }
    }

    [Theory]
    [InlineData("short", "A series of 4 steps is shorter than one window: τ + h = 3 + 2 = 5 steps.")]
    [InlineData("shape", "A series of 7 values is not (T, F) with F = 2 features.")]
    [InlineData("column", "Target column 2 is outside the series' 2 features.")]
    [InlineData("nan", "The series has the non-finite value NaN at step 1, feature 1.")]
    [InlineData("window", "The window (0), horizon (1) and stride (1) must each be at least 1.")]
    public void Bad_arguments_are_one_line_errors(string what, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => what switch
        {
            "short" => new SeriesWindows(Series(4, 1), 1, 3, 2, 1, BatchOrder.Sequential),
            "shape" => new SeriesWindows(new float[7], 2, 1, 1, 1, BatchOrder.Sequential),
            "column" => new SeriesWindows(Series(9, 2), 2, 1, 1, 1, BatchOrder.Sequential, targetColumns: [2]),
            "nan" => new SeriesWindows([0, 0, 0, float.NaN], 2, 1, 1, 1, BatchOrder.Sequential),
            _ => new SeriesWindows(Series(9, 1), 1, 0, 1, 1, BatchOrder.Sequential),
        });
        Assert.Equal(message, e.Message);
    }
}
