using System.Globalization;
using Recurrent.Models.Forecasting;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Forecasting;

public class ForecastTaskTests : TempDirectoryTest
{
    private string Csv(string name, Func<int, double>? change = null)
    {
        var series = ForecasterTests.Wave(features: 2);
        var lines = new List<string> { "t,y,x" };
        for (int t = 0; t < series.Steps; t++)
        {
            double y = series.Value(t) + (change?.Invoke(t) ?? 0);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{t},{y},{series.Row(t)[1]}"));
        }
        return WriteFile(name, string.Join('\n', lines) + "\n");
    }

    private static ForecastTaskConfig Split(string csv) =>
        new() { Csv = csv, Column = "y", Covariates = ["x"], Time = "t", ValFrom = 80, TestFrom = 100, TestTo = 120, Horizons = [1, 4] };

    private static readonly TrainingConfig Config = new() { Batch = 8, Steps = 12, EvalInterval = 5, WarmupSteps = 2, LearningRate = 3e-3f };

    // Stateful: 4 streams of 20 training rows; windowed: batches of 8 windows.
    private static Trainer Start(ForecastTaskConfig data, ForecasterConfig model)
    {
        var config = Config with { Batch = model.Stateful ? 4 : 8 };
        return Trainer.Start(config, rng => new ForecastTask(model, ForecastData.Load(data), config.Batch, rng));
    }

    [Theory]
    [InlineData("windowed")]
    [InlineData("stateful")]
    public void Neither_the_scaler_nor_training_ever_sees_validation_or_test_rows(string mode)
    {
        var model = new ForecasterConfig(Window: 10, Mode: mode);
        var plain = Start(Split(Csv("a.csv")), model);
        var wild = Start(Split(Csv("b.csv", t => t >= 80 ? 1e4 * (t % 7) : 0)), model);
        plain.Run(new QuietObserver(), PathOf("a.safetensors"));
        wild.Run(new QuietObserver(), PathOf("b.safetensors"));
        var (a, b) = ((ForecastTask)plain.Task, (ForecastTask)wild.Task);
        Assert.Equal(a.Forecaster.Scaler.Mean, b.Forecaster.Scaler.Mean);
        Assert.Equal(a.Forecaster.Scaler.Std, b.Forecaster.Scaler.Std);
        Assert.Equal(a.Model.Parameters.Select(p => p.Value.Span.ToArray()), b.Model.Parameters.Select(p => p.Value.Span.ToArray()));
        Assert.NotEqual(plain.History[^1].Metrics["rmse"], wild.History[^1].Metrics["rmse"]);   // the validation rows did change
    }

    [Theory]
    [InlineData("windowed", "recursive")]
    [InlineData("stateful", "recursive")]
    [InlineData("windowed", "direct")]
    public void A_resumed_run_ends_where_the_uninterrupted_one_ends(string mode, string strategy)
    {
        var data = Split(Csv("s.csv"));
        var model = new ForecasterConfig(Cell: "lstm", Window: 10, Mode: mode, Strategy: strategy, Horizon: strategy == "direct" ? 4 : 1, Dropout: 0.1f, Layers: 2);
        var straight = Start(data, model);
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        string path = PathOf("b.safetensors");
        Start(data, model).Run(new QuietObserver(), path, stopAtStep: 10);
        var resumed = Trainer.Resume(path, (checkpoint, rng, c) => ForecastTask.Restore(checkpoint, path, c.Batch, rng));
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
        var (opened, _) = ForecastTask.Open(path);
        var series = ForecastData.Load(data).Series;
        Assert.Equal(((ForecastTask)straight.Task).Forecaster.Forecast(series, [100, 110], 4), opened.Forecast(series, [100, 110], 4));
    }

    [Fact]
    public void A_training_part_shorter_than_one_window_is_a_one_line_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Start(Split(Csv("c.csv")) with { ValFrom = 12 }, new ForecasterConfig(Window: 24)));
        Assert.Contains("The training part (rows 0 … 11, 12 rows) is too short for one window of 24 rows", e.Message);
    }

    [Fact]
    public void Resuming_on_changed_data_is_refused()
    {
        var data = Split(Csv("d.csv"));
        string path = PathOf("d.safetensors");
        Start(data, new ForecasterConfig(Window: 10)).Run(new QuietObserver(), path, stopAtStep: 5);
        Csv("d.csv", t => t == 3 ? 1 : 0);
        var e = Assert.Throws<ArgumentException>(() => Trainer.Resume(path, (checkpoint, rng, c) => ForecastTask.Restore(checkpoint, path, c.Batch, rng)));
        Assert.Contains("was trained on different data", e.Message);
    }
}
