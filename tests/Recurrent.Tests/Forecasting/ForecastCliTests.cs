using System.Globalization;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Forecasting;

/// <summary><c>rnn forecast</c>: train, eval and predict on a user's CSV, and one-line errors for bad input.</summary>
[Collection("console")]
public sealed class ForecastCliTests : TempDirectoryTest
{
    private string Csv(string name = "series.csv", int rows = 120, Func<int, string>? cell = null)
    {
        var series = ForecasterTests.Wave(rows, features: 2);
        var lines = new List<string> { "year,load,temp" };
        for (int t = 0; t < rows; t++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{2000 + t},{cell?.Invoke(t) ?? series.Value(t).ToString(CultureInfo.InvariantCulture)},{series.Row(t)[1]}"));
        return WriteFile(name, string.Join('\n', lines) + "\n");
    }

    private (int Exit, string Out, string Error) TrainSmall(string csv, params string[] more) =>
        CliRun.Run(["forecast", "train", "--csv", csv, "--column", "load", "--time", "year", "--test-from", "100",
            .. more.Contains("--window") ? Array.Empty<string>() : ["--window", "8"],
            "--hidden", "8", "--steps", "20", "--eval-interval", "10", "--out", PathOf("run"), .. more]);

    [Fact]
    public void Train_eval_and_predict_on_a_csv_with_a_covariate()
    {
        var trained = TrainSmall(Csv(), "--covariates", "temp", "--horizons", "1,4,16");
        Assert.True(trained.Exit == 0, trained.Error);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        var evaluated = CliRun.Run("forecast", "eval", "--model", model, "--csv", Csv());
        Assert.True(evaluated.Exit == 0, evaluated.Error);
        var lines = evaluated.Out.Split('\n').Where(l => l.Contains(" RMSE ")).ToArray();
        string[] systems = ["rnn", "persistence", "mean", "ar(", "mlp("];
        Assert.Equal(systems.Length * 3, lines.Length);
        foreach (var system in systems)
            foreach (int h in new[] { 1, 4, 16 }) Assert.Contains(lines, l => l.StartsWith($"{system}", StringComparison.Ordinal) && l.Contains($" h={h} RMSE "));
        Assert.StartsWith("rnn h=1 RMSE ", lines[0]);
        Assert.True(File.Exists(Path.Combine(PathOf("run"), "forecast.png")));
        Assert.True(File.Exists(Path.Combine(PathOf("run"), "horizons.png")));

        var generic = CliRun.Run("eval", "--model", model, "--split", "test");     // rnn eval opens any task's checkpoint
        Assert.True(generic.Exit == 0, generic.Error);
        Assert.Contains("h=1 RMSE", generic.Out);
        Assert.Contains("on test rows 2100 … 2119", generic.Out);

        var predicted = CliRun.Run("forecast", "predict", "--model", model, "--csv", Csv(), "--steps", "5", "--out", PathOf("next.csv"));
        Assert.True(predicted.Exit == 0, predicted.Error);
        var rows = File.ReadAllLines(PathOf("next.csv"));
        Assert.Equal("step,year,forecast,lower_90,upper_90", rows[0]);
        Assert.Equal(6, rows.Length);
        Assert.Equal("2120", rows[1].Split(',')[1]);                     // the years go on
        foreach (var row in rows.Skip(1))
        {
            var v = row.Split(',').Skip(2).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(v[1] <= v[2] && double.IsFinite(v[0]), row);
        }
        Assert.True(File.Exists(PathOf("next.png")));
    }

    [Fact]
    public void The_bundled_demo_trains_on_sunspots_with_the_classic_split()
    {
        var r = CliRun.Run("forecast", "train", "--steps", "3", "--eval-interval", "3", "--hidden", "4", "--out", PathOf("demo"));
        Assert.True(r.Exit == 0, r.Error);
        Assert.Contains("test rows 221 … 255 (1921 … 1955), 35 origins", r.Out);
        Assert.Contains("train rows 0 … 198 (1700 … 1898)", r.Out);
    }

    [Fact]
    public void A_missing_column_lists_the_columns() =>
        CliRun.AssertOneLineError(CliRun.Run("forecast", "train", "--csv", Csv(), "--column", "demand", "--out", PathOf("run")),
            "no column \"demand\" (the header has: year, load, temp)");

    [Fact]
    public void A_non_numeric_cell_names_its_row_and_column() =>
        CliRun.AssertOneLineError(TrainSmall(Csv(cell: t => t == 37 ? "n/a?" : "1")), "series.csv:39:", "row 37: 'n/a?' in column \"load\" is not a number");

    [Fact]
    public void A_gap_is_an_error_unless_filling_is_asked_for()
    {
        string csv = Csv(cell: t => t == 50 ? "" : (t % 5).ToString(CultureInfo.InvariantCulture));
        CliRun.AssertOneLineError(TrainSmall(csv), "row 50: missing value in column \"load\"", "--fill");
        Assert.Equal(0, TrainSmall(csv, "--fill", "interpolate").Exit);
    }

    [Fact]
    public void Too_few_rows_for_one_window_is_an_error() =>
        CliRun.AssertOneLineError(TrainSmall(Csv(), "--window", "95"), "too short for one window of 95 rows");

    [Fact]
    public void A_horizon_longer_than_the_test_part_is_an_error() =>
        CliRun.AssertOneLineError(TrainSmall(Csv(), "--horizons", "1,30"), "Horizon 30 is longer than the part it is scored on (rows 100 … 119, 20 rows)");

    [Fact]
    public void A_checkpoint_of_another_task_is_refused()
    {
        string lm = Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints-before-tasks", "char-lstm.safetensors");
        CliRun.AssertOneLineError(CliRun.Run("forecast", "eval", "--model", lm), "char-lstm.safetensors");
        CliRun.AssertOneLineError(CliRun.Run("forecast", "predict", "--model", lm, "--out", PathOf("x.csv")), "char-lstm.safetensors");
    }

    [Fact]
    public void A_direct_model_cannot_predict_past_its_outputs()
    {
        Assert.Equal(0, TrainSmall(Csv(), "--strategy", "direct", "--horizon", "4", "--horizons", "1,4").Exit);
        CliRun.AssertOneLineError(CliRun.Run("forecast", "predict", "--model", Path.Combine(PathOf("run"), "checkpoint.safetensors"), "--steps", "6", "--out", PathOf("x.csv")),
            "A direct model forecasts at most 4 steps ahead");
    }
}
