using System.CommandLine;
using System.Globalization;
using System.Text;
using Recurrent.Data;
using Recurrent.Models.Forecasting;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn forecast train|eval|predict</c>: autoregressive forecasting of a CSV column on the shared trainer. eval
/// prints a line per system and horizon (the recurrent model first, then the baselines fitted on the same training
/// rows) and writes the forecast and k-step plots; predict continues the series past its end with intervals.
/// Without --csv, train runs the bundled demo: yearly sunspots, the classic split (test 1921–1955).
/// </summary>
internal static class ForecastCommand
{
    public static Command Create()
    {
        var command = new Command("forecast", "Time-series forecasting: one value column (and covariates) from its past");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Predict());
        return command;
    }

    private static Command Train()
    {
        var shape = new ForecasterConfig();
        var defaults = new ForecastTaskConfig();
        var csv = new Option<string>("--csv") { Description = "A CSV file with a header (default: the bundled yearly sunspots, split as in the literature)" };
        var column = new Option<string>("--column") { Description = "The column to forecast (required with --csv)" };
        var covariates = new Option<string>("--covariates") { Description = "More input columns, comma-separated" };
        var time = new Option<string>("--time") { Description = "A column that labels the rows (years, dates), for messages and plots" };
        var fill = new Option<string>("--fill") { Description = "Repair missing values: interpolate or previous (default: a missing value is an error)" };
        var testFrom = new Option<string>("--test-from") { Description = "First test row (rows count from 0 after the header), or a fraction of the rows (default 0.8)" };
        var testTo = new Option<int?>("--test-to") { Description = "End of the test part, exclusive (default: the last row)" };
        var valFrom = new Option<string>("--val-from") { Description = "First validation row, or a fraction of the rows (default: the last 10% of the rows before the test part)" };
        var period = new Option<int>("--period") { Description = "Seasonal period m: seasonal-naive baseline, MASE's scale, and a window of at least 2m", DefaultValueFactory = _ => defaults.Period };
        var arOrder = new Option<int>("--ar-order") { Description = "AR(p)'s order (default: chosen on the validation rows)" };
        var horizons = new Option<string>("--horizons") { Description = "Horizons of the k-step table", DefaultValueFactory = _ => "1,4,16,64" };
        var window = new Option<int?>("--window") { Description = "τ, past rows a forecast reads and a training window holds (default: 24, at least two periods, given or detected, at most a quarter of the training rows)" };
        var strategy = new Option<string>("--strategy") { Description = "recursive (one step, fed back) or direct (one output per step ahead)", DefaultValueFactory = _ => shape.Strategy };
        var horizon = new Option<int?>("--horizon") { Description = "Outputs of a direct model (default: the longest horizon of the table)" };
        var mode = new Option<string>("--mode") { Description = "windowed (each forecast reads τ rows from a zero state) or stateful (the state runs over the whole series)", DefaultValueFactory = _ => shape.Mode };
        var preset = new Option<string>("--preset") { Description = "seed-rnn: the seeds' RnnModel, RNN(1 → 32, tanh) then Linear(32 → 1)" };
        var shapeOptions = new RecurrentShapeOptions(shape.Cell, shape.Layers, ForecasterConfig.HiddenFor(0), 0, shape.Dropout, "between layers and on the top layer's outputs");
        var training = new TrainingOptions(new TrainingConfig { Batch = 16, LearningRate = 3e-3f, WarmupSteps = 50, WeightDecay = 0.01f }, "runs/forecast");
        var command = new Command("train", "Train a recurrent forecaster; without --hidden, H = 16 below 1,000 training rows, 32 below 10,000, 64 above; steps default to 80 epochs of the training windows (500 to 5,000), an evaluation every epoch")
            { csv, column, covariates, time, fill, testFrom, testTo, valFrom, period, arOrder, horizons, window, strategy, horizon, mode, preset };
        shapeOptions.AddTo(command, embedding: false);
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string checkpointPath = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            var display = new TrainingDisplay("forecaster", "mean squared error (standardised)");
            var fresh = new Lazy<(ForecasterConfig Model, ForecastData Data)>(() =>
            {
                bool demo = p.GetValue(csv) is null;
                if (!demo && p.GetValue(column) is null) throw new ArgumentException("--column names the column to forecast in --csv.");
                var config = defaults with
                {
                    Csv = p.GetValue(csv) is { } file ? Path.GetFullPath(file) : ForecastData.Bundled + "sunspots/sunspots.csv", Column = p.GetValue(column) ?? "SUNACTIVITY",
                    Covariates = Split(p.GetValue(covariates)), Time = p.GetValue(time) ?? (demo ? "YEAR" : null), Fill = p.GetValue(fill) ?? "error",
                    Period = p.GetValue(period), ArOrder = p.GetValue(arOrder), Horizons = ParseHorizons(p.GetValue(horizons)!),
                };
                int rows = ForecastData.ReadCsv(config).Steps;
                // The demo's classic split: train 1700–1920 (rows 0–220), test 1921–1955 (rows 221–255).
                int test = Row(p.GetValue(testFrom) ?? (demo ? "221" : "0.8"), rows, "--test-from");
                int end = p.GetValue(testTo) ?? (demo && p.GetValue(testFrom) is null ? 256 : rows);
                int val = p.GetValue(valFrom) is { } v ? Row(v, rows, "--val-from") : test - Math.Max(1, (int)Math.Round(0.1 * test));
                config = config with { ValFrom = val, TestFrom = test, TestTo = end };
                if (end > rows) throw new ArgumentException($"--test-to {end} is past the last row ({rows - 1}).");
                config.Validate();
                config = config with { Horizons = FitHorizons(config.Horizons, test, end, p.GetResult(horizons) is { Implicit: false }) };
                var data = ForecastData.Load(config);
                int season = config.Period;
                if (p.GetResult(period) is not { Implicit: false } && p.GetValue(window) is null && SeasonalPeriod.Detect(data.Series, data.TrainRows) is { } found)
                {
                    season = found;
                    Console.WriteLine($"season: the training rows' autocorrelation peaks at lag {found}; the window covers two (--period sets the seasonal baseline and MASE too)");
                }
                int tau = p.GetValue(window) ?? Math.Clamp(Math.Max(24, 2 * season), 2, Math.Max(2, data.TrainRows / 4));
                var model = shape with
                {
                    Cell = p.GetValue(shapeOptions.Cell)!, Layers = p.GetValue(shapeOptions.Layers),
                    HiddenSize = p.GetResult(shapeOptions.Hidden) is { Implicit: false } ? p.GetValue(shapeOptions.Hidden) : ForecasterConfig.HiddenFor(data.TrainRows),
                    Dropout = p.GetValue(shapeOptions.Dropout), Features = data.Series.Features, Window = tau, Strategy = p.GetValue(strategy)!,
                    Mode = p.GetValue(mode)!,
                };
                model = model with { Horizon = model.Direct ? p.GetValue(horizon) ?? config.Horizons.Max() : 1 };
                if (p.GetValue(preset) is { } name)
                    model = name == "seed-rnn" ? ForecasterConfig.SeedRnn(model) : throw new ArgumentException($"Unknown --preset '{name}': expected seed-rnn.");
                model.Validate();
                return (model, data);
            });
            return TaskTraining.Run(p, training, display,
                create: (rng, config) => new ForecastTask(fresh.Value.Model, fresh.Value.Data, config.Batch, rng),
                restore: (checkpoint, rng, config) => ForecastTask.Restore(checkpoint, checkpointPath, config.Batch, rng),
                finish: trainer =>
                {
                    Console.WriteLine($"test part, last checkpoint ({checkpointPath}):");
                    Report(ForecastTask.Open(checkpointPath).Forecaster, ((ForecastTask)trainer.Task).Data, null, training.OutDir(p));
                },
                // 80 epochs, between 500 and 5,000 steps, an evaluation every epoch (at most every 250 steps).
                resolve: config => training.FitToEpochs(p, config, Windows(fresh.Value.Model, fresh.Value.Data), epochs: 80,
                    minSteps: 500, maxSteps: 5000, maxEvalInterval: 250));
        }));
        return command;
    }

    /// <summary>The training windows (or, stateful, the stream windows) an epoch holds.</summary>
    private static int Windows(ForecasterConfig model, ForecastData data) =>
        model.Stateful ? data.TrainRows / model.Window : data.TrainRows - model.Window - (model.Direct ? model.Horizon : 1) + 1;

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "A forecaster checkpoint", Required = true };
        var csv = new Option<string>("--csv") { Description = "The CSV to score (default: the one it was trained on); the split recorded at training applies" };
        var horizons = new Option<string>("--horizons") { Description = "Horizons of the table (default: the ones recorded at training)" };
        var arOrder = new Option<int?>("--ar-order") { Description = "AR(p)'s order for the baseline (default: as at training)" };
        var plots = new Option<string>("--plots") { Description = "Folder for forecast.png and horizons.png (default: the checkpoint's)" };
        var command = new Command("eval", "Score a forecaster beside the baselines on the test rows, from every origin: RMSE, MAE, MASE, sMAPE per horizon")
            { model, csv, horizons, arOrder, plots };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (forecaster, config) = ForecastTask.Open(Checkpoint.Load(path, ForecastTask.TaskKind), path);
            config = config with
            {
                Csv = p.GetValue(csv) is { } file ? Path.GetFullPath(file) : config.Csv,
                Horizons = p.GetValue(horizons) is { } h ? ParseHorizons(h) : config.Horizons,
                ArOrder = p.GetValue(arOrder) ?? config.ArOrder,
            };
            if (!File.Exists(ForecastData.PathOf(config.Csv))) throw new FileNotFoundException($"{ForecastData.PathOf(config.Csv)}: the CSV the model was trained on is not there; give --csv.");
            var data = ForecastData.Load(config);
            Report(forecaster, data, null, p.GetValue(plots) ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
            return 0;
        }));
        return command;
    }

    /// <summary>The k-step table (a line per system and horizon), forecast.png and horizons.png.</summary>
    private static void Report(RecurrentForecaster rnn, ForecastData data, IReadOnlyList<ISeriesForecaster>? baselines, string plotDirectory)
    {
        var c = data.Config;
        ForecastComparison.CheckHorizons(c.Horizons, c.TestFrom, c.TestTo);
        baselines ??= ForecastBaselines.Fit(data);
        double scale = ForecastScores.MaseScale(data.Series, data.TrainRows, c.Period);
        int longest = Math.Min(c.TestTo - c.TestFrom, Math.Max(64, c.Horizons.Max()));
        if (rnn.Model.Config.Direct) longest = Math.Min(longest, rnn.Model.Config.Horizon);
        var every = Enumerable.Range(1, longest).ToArray();
        Console.WriteLine($"test rows {c.TestFrom} … {c.TestTo - 1} ({data.Label(c.TestFrom)} … {data.Label(c.TestTo - 1)}), {c.TestTo - c.TestFrom} origins; " +
            $"every system fitted on rows 0 … {c.ValFrom - 1}; MASE scale {scale:G5} (training {c.Period}-step naive MAE)");
        var systems = new List<ISeriesForecaster> { rnn };
        systems.AddRange(baselines);
        var results = new List<ForecastComparison>();
        foreach (var system in systems)
        {
            var all = ForecastComparison.Run(system, data.Series, c.TestFrom, c.TestTo, every, scale);
            results.Add(all);
            foreach (int h in c.Horizons.Where(h => h <= longest)) Console.WriteLine($"{system.Name} {all.Scores[h - 1].Summary()}");
        }
        foreach (int h in c.Horizons.Where(h => h > longest))
            Console.WriteLine($"note: h={h} is beyond the direct model's {rnn.Model.Config.Horizon} outputs; not scored");
        Directory.CreateDirectory(plotDirectory);
        var intervals = PredictionIntervals.Fit(rnn, data.Series, c.ValFrom, c.TestFrom, longest, c.Interval);
        Console.WriteLine($"rnn {Percent(intervals.Level)} intervals (validation residual quantiles, {intervals.Counts[0]} per horizon), share of test values inside: " +
            string.Join(", ", c.Horizons.Where(h => h <= longest).Select(h => $"h={h} {Percent(Coverage(results[0], data, intervals, h, c.TestTo))}")));
        ForecastPlot(Path.Combine(plotDirectory, "forecast.png"), data, results, intervals);
        var horizonSeries = results.Select((r, i) => new Series(r.System, [.. every.Select(h => (double)h)], [.. r.Scores.Select(s => s.Rmse)], Dashed: i > 0, Color: i)).ToArray();
        LinePlot.Save(Path.Combine(plotDirectory, "horizons.png"), $"Error h steps ahead, test rows {data.Label(c.TestFrom)}–{data.Label(c.TestTo - 1)}", "steps ahead (h)", "RMSE", horizonSeries);
        Console.WriteLine($"plots: {Path.Combine(plotDirectory, "forecast.png")}, {Path.Combine(plotDirectory, "horizons.png")}");
    }

    private static string Percent(double fraction) => FormattableString.Invariant($"{100 * fraction:F0}%");

    /// <summary>The share of targets h steps ahead inside [ŷ + lower_h, ŷ + upper_h].</summary>
    private static double Coverage(ForecastComparison rnn, ForecastData data, PredictionIntervals intervals, int h, int to)
    {
        int inside = 0, n = 0;
        for (int i = 0; i < rnn.Origins.Length; i++)
        {
            int row = rnn.Origins[i] + h - 1;
            if (row >= to) continue;
            double y = data.Series.Value(row), f = rnn.Forecasts[i][h - 1];
            if (y >= f + intervals.Lower[h - 1] && y <= f + intervals.Upper[h - 1]) inside++;
            n++;
        }
        return (double)inside / n;
    }

    /// <summary>Two panels: one step ahead over the test rows (every system), and the forecast from the test part's first origin with the interval.</summary>
    private static void ForecastPlot(string path, ForecastData data, List<ForecastComparison> results, PredictionIntervals intervals)
    {
        var c = data.Config;
        int from = Math.Max(0, c.TestFrom - 2 * (c.TestTo - c.TestFrom));
        double[] X(int a, int b) => [.. Enumerable.Range(a, b - a).Select(t => Axis(data, t))];
        double[] Y(int a, int b) => [.. Enumerable.Range(a, b - a).Select(t => (double)data.Series.Value(t))];
        var history = new Series("history", X(from, c.TestFrom + 1), Y(from, c.TestFrom + 1), Color: 7);
        var actual = new Series("actual", X(c.TestFrom, c.TestTo), Y(c.TestFrom, c.TestTo), Color: 7, Dashed: true);
        // The model and the AR baseline, the reference of the literature.
        var shown = results.Where((r, i) => i == 0 || r.System.StartsWith("ar(", StringComparison.Ordinal)).ToList();
        var oneStep = shown.Select((r, i) => new Series($"{r.System}, 1 step ahead", X(c.TestFrom, c.TestTo), [.. r.Forecasts.Select(f => f[0])], Color: i)).ToArray();
        int n = intervals.Horizon;
        var rnn = results[0].Forecasts[0];
        var steps = X(c.TestFrom, c.TestFrom + n);
        var fromOrigin = shown.Select((r, i) => new Series($"{r.System} from {data.Label(c.TestFrom)}", steps, r.Forecasts[0][..n], Color: i)).ToArray();
        var band = new LinePlot.Band($"rnn {Percent(intervals.Level)} interval", steps, [.. rnn[..n].Select((f, j) => f + intervals.Lower[j])],
            [.. rnn[..n].Select((f, j) => f + intervals.Upper[j])], Color: 0);
        LinePlot.SavePanels(path,
            new LinePlot.Panel("One step ahead on the test rows", data.Times is null ? "row" : c.Time!, c.Column, [history, actual, .. oneStep], Legend: ScottPlot.Alignment.UpperLeft),
            new LinePlot.Panel($"Forecast from {data.Label(c.TestFrom)}, errors fed back", data.Times is null ? "row" : c.Time!, c.Column, [history, actual, .. fromOrigin],
                Legend: ScottPlot.Alignment.UpperLeft, Bands: [band]));
    }

    private static Command Predict()
    {
        var model = new Option<string>("--model") { Description = "A forecaster checkpoint", Required = true };
        var csv = new Option<string>("--csv") { Description = "The series to continue, same columns as at training (default: the training CSV); all its rows are read" };
        var steps = new Option<int>("--steps") { Description = "Steps past the last row", DefaultValueFactory = _ => 16 };
        var output = new Option<string>("--out") { Description = "CSV of forecasts with interval bounds (a PNG beside it)", Required = true };
        var command = new Command("predict", "Continue a series past its last row: forecasts with prediction intervals, as CSV and PNG") { model, csv, steps, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (forecaster, config) = ForecastTask.Open(Checkpoint.Load(path, ForecastTask.TaskKind), path);
            config = config with { Csv = p.GetValue(csv) is { } file ? Path.GetFullPath(file) : config.Csv };
            int n = p.GetValue(steps);
            if (n < 1) throw new ArgumentException($"--steps must be positive, got {n}.");
            var read = ForecastData.ReadCsv(config);
            var series = new ObservedSeries(read.Values, read.Features);
            if (series.Steps < config.TestFrom)
                throw new ArgumentException($"{config.Csv} has {series.Steps} rows; the model's validation rows ({config.ValFrom} … {config.TestFrom - 1}), which set its intervals, need {config.TestFrom}.");
            var forecast = forecaster.Forecast(series, [series.Steps], n)[0];
            var intervals = PredictionIntervals.Fit(forecaster, series, config.ValFrom, config.TestFrom, n, config.Interval);
            var labels = NextLabels(read.Times, series.Steps, n);
            string outPath = p.GetValue(output)!;
            var text = new StringBuilder($"step,{config.Time ?? "row"},forecast,lower_{intervals.Level * 100:F0},upper_{intervals.Level * 100:F0}\n");
            for (int j = 0; j < n; j++)
                text.Append(FormattableString.Invariant($"{j + 1},{labels[j]},{forecast[j]:G7},{forecast[j] + intervals.Lower[j]:G7},{forecast[j] + intervals.Upper[j]:G7}\n"));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            File.WriteAllText(outPath + ".tmp", text.ToString());
            File.Move(outPath + ".tmp", outPath, overwrite: true);
            string png = Path.ChangeExtension(outPath, ".png");
            int from = Math.Max(0, series.Steps - 4 * n);
            // The x axis in the time column's numbers when it has them (years), else in rows.
            bool numeric = read.Times is { } ts && ts.Concat(labels).All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            double At(int t) => numeric ? double.Parse(t < series.Steps ? read.Times![t] : labels[t - series.Steps], CultureInfo.InvariantCulture) : t;
            double[] hx = [.. Enumerable.Range(from, series.Steps - from).Select(At)];
            double[] fx = [.. Enumerable.Range(series.Steps, n).Select(At)];
            LinePlot.Save(png, new LinePlot.Panel($"{config.Column}: {n} steps past {(numeric ? read.Times![^1] : $"row {series.Steps - 1}")}", numeric ? config.Time! : "row", config.Column,
                [new Series("history", hx, [.. Enumerable.Range(from, series.Steps - from).Select(t => (double)series.Value(t))], Color: 7),
                 new Series(forecaster.Name, fx, forecast, Color: 0)],
                Legend: ScottPlot.Alignment.UpperLeft,
                Bands: [new LinePlot.Band($"{Percent(intervals.Level)} interval", fx, [.. forecast.Select((f, j) => f + intervals.Lower[j])], [.. forecast.Select((f, j) => f + intervals.Upper[j])], Color: 0)]));
            Console.WriteLine($"{n} forecasts past row {series.Steps - 1}{(read.Times is { } t ? $" ({t[^1]})" : "")}: {outPath}, {png}");
            return 0;
        }));
        return command;
    }

    /// <summary>The labels of the n rows after the last: continued when the time column is integers a constant step apart (years), else "+1", "+2", ….</summary>
    internal static string[] NextLabels(IReadOnlyList<string>? times, int rows, int n)
    {
        if (times is { Count: >= 2 } && times.All(t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            var v = times.Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            long step = v[1] - v[0];
            if (step != 0 && v.Zip(v.Skip(1)).All(pair => pair.Second - pair.First == step))
                return [.. Enumerable.Range(1, n).Select(j => (v[^1] + j * step).ToString(CultureInfo.InvariantCulture))];
        }
        return [.. Enumerable.Range(rows, n).Select(t => t.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>The x coordinate of row t: its time label when that is a number, else t.</summary>
    private static double Axis(ForecastData data, int t) =>
        data.Times is { } times && double.TryParse(times[t], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : t;

    /// <summary>A row number, or a fraction of <paramref name="rows"/> (a number with a point, in (0, 1)).</summary>
    private static int Row(string text, int rows, string option)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int row))
            return row >= 1 && row < rows ? row : throw new ArgumentException($"{option} {row} is outside the rows 1 … {rows - 1} of the file.");
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f < 1)
            return Math.Max(1, (int)Math.Round(f * rows));
        throw new ArgumentException($"{option} takes a row number or a fraction in (0, 1), got '{text}'.");
    }

    /// <summary>The default horizons that fit in the test part (a note for those dropped); horizons asked for must all fit.</summary>
    private static int[] FitHorizons(int[] horizons, int from, int to, bool given)
    {
        if (given) { ForecastComparison.CheckHorizons(horizons, from, to); return horizons; }
        var kept = horizons.Where(h => h <= to - from).ToArray();
        if (kept.Length < horizons.Length)
            Console.WriteLine($"note: horizons {string.Join(", ", horizons.Except(kept))} are longer than the test part ({to - from} rows) and are left out");
        return kept;
    }

    private static int[] ParseHorizons(string text)
    {
        var parts = Split(text);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
                throw new ArgumentException($"--horizons takes positive integers separated by commas, got '{text}'.");
        return values.Length > 0 ? values : throw new ArgumentException("--horizons is empty.");
    }

    private static string[] Split(string? list) => list is null ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
