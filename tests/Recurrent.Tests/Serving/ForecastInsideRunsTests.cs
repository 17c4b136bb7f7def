using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recurrent.Cli.Serving;
using Recurrent.Models.LanguageModeling;
using Recurrent.Tests.Cli;
using Recurrent.Training;

namespace Recurrent.Tests.Serving;

/// <summary>
/// `rnn serve` beyond the first playgrounds, at the HTTP level: the forecaster's playground, inside a language model
/// (the values are the model's own trace), and the training runs under --runs (the progress file every run writes).
/// </summary>
[Collection("console")]
public sealed class ForecastInsideRunsTests : TempDirectoryTest
{
    private async Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Client, string Lm)> Start()
    {
        Directory.CreateDirectory(PathOf("runs"));
        string lm = CliRun.TrainTinyLanguageModel(PathOf("runs"), steps: 4);
        var forecast = CliRun.Run("forecast", "train", "--steps", "4", "--eval-interval", "2", "--hidden", "4", "--out", PathOf("runs/forecast"));
        Assert.True(forecast.Exit == 0, forecast.Error);
        var models = new[] { LoadedModel.Open(lm, "lm"), LoadedModel.Open(PathOf("runs/forecast/checkpoint.safetensors"), "sunspots") };
        var app = await ModelServer.StartAsync(models, "127.0.0.1", 0, PathOf("runs"));
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) }, lm);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Post(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string Error((HttpStatusCode Status, JsonElement Body) r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        return r.Body.GetProperty("error").GetString()!;
    }

    [Fact]
    public async Task The_forecaster_continues_its_training_series_or_a_pasted_one_inside_its_interval()
    {
        var (app, client, _) = await Start();
        await using var _ = app;
        var (status, body) = await Post(client, "/api/forecast", new { model = "sunspots", steps = 12 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SUNACTIVITY", body.GetProperty("column").GetString());
        var history = body.GetProperty("history").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToArray();
        Assert.Equal(ServedForecaster.ShownHistory, history.Length);
        var forecast = body.GetProperty("forecast");
        // The years go on from the CSV's last one.
        Assert.Equal([.. Enumerable.Range(int.Parse(history[^1]!) + 1, 12).Select(y => y.ToString())], forecast.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var values = forecast.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var lower = forecast.GetProperty("lower").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var upper = forecast.GetProperty("upper").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(12, values.Length);
        for (int j = 0; j < 12; j++) Assert.InRange(values[j], lower[j], upper[j]);
        Assert.Equal(0.9, body.GetProperty("level").GetDouble());

        var pasted = Enumerable.Range(0, 60).Select(t => 50 + 40 * Math.Sin(t / 2.0)).ToArray();
        (status, body) = await Post(client, "/api/forecast", new { model = "sunspots", steps = 5, values = pasted });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(pasted.Select(v => (float)v), body.GetProperty("history").GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
        Assert.Equal(["60", "61", "62", "63", "64"], body.GetProperty("forecast").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));

        Assert.Contains("needs 24", Error(await Post(client, "/api/forecast", new { model = "sunspots", values = new[] { 1.0, 2.0 } })));
        Assert.Contains("steps must be in [1, 200]", Error(await Post(client, "/api/forecast", new { model = "sunspots", steps = 201 })));
        Assert.Equal(HttpStatusCode.NotFound, (await Post(client, "/api/forecast", new { model = "lm" })).Status);
    }

    [Fact]
    public async Task Inside_the_lstm_gives_the_models_own_trace_and_finds_the_units_that_follow_a_feature()
    {
        var (app, client, lmPath) = await Start();
        await using var _ = app;
        const string text = "First Citizen:\nBefore we proceed any further, hear me speak.\n";
        var (status, body) = await Post(client, "/api/inside", new { model = "lm", text, layer = 0, units = new[] { 2, 5 } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(text.Select(c => c.ToString()), body.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["hidden", "cell", "input", "forget", "output", "candidate"], body.GetProperty("signals").EnumerateArray().Select(s => s.GetString()));

        // The values are those of the trace computed here from the same checkpoint.
        var (network, vocabulary, _) = LanguageModelTask.Open(Recurrent.Serialization.Checkpoint.Load(lmPath, LanguageModelTask.TaskKind), lmPath);
        var trace = ActivationTrace.Run(network, vocabulary.Encode(text), 0);
        var unit5 = body.GetProperty("units")[1];
        Assert.Equal(5, unit5.GetProperty("unit").GetInt32());
        var forget = unit5.GetProperty("values").GetProperty("forget").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        TestData.AssertClose("forget gate of unit 5", trace.Unit("forget", 5), forget, 1e-4, 0);

        // A search: the units are ordered by |r| with the feature, and r is the trace's own correlation.
        (status, body) = await Post(client, "/api/inside", new { model = "lm", text, feature = "line-position", top = 3 });
        Assert.Equal(HttpStatusCode.OK, status);
        var r = body.GetProperty("units").EnumerateArray().Select(u => (Unit: u.GetProperty("unit").GetInt32(), R: u.GetProperty("r").GetDouble())).ToArray();
        Assert.Equal(3, r.Length);
        Assert.True(Math.Abs(r[0].R) >= Math.Abs(r[1].R) && Math.Abs(r[1].R) >= Math.Abs(r[2].R));
        var top = ActivationTrace.Run(network, vocabulary.Encode(text), network.Config.Layers - 1);
        var expected = top.Correlations("cell", TextFeature.Compute("line-position", [.. text.Select(c => c.ToString())]));
        Assert.Equal(expected.Select(Math.Abs).Max(), Math.Abs(r[0].R), 6);

        Assert.Contains("layer must be in [0, 1]", Error(await Post(client, "/api/inside", new { model = "lm", text, layer = 2 })));
        Assert.Contains("unknown feature", Error(await Post(client, "/api/inside", new { model = "lm", text, feature = "mood" })));
        Assert.Contains("units must be", Error(await Post(client, "/api/inside", new { model = "lm", text, units = new[] { 8 } })));
        Assert.Contains("signals hidden, cell", Error(await Post(client, "/api/inside", new { model = "lm", text, signal = "reset" })));
        Assert.Contains("same value at every token", Error(await Post(client, "/api/inside", new { model = "lm", text = "abc", feature = "quotes" })));
        Assert.Contains("needs 1 to 2,000", Error(await Post(client, "/api/inside", new { model = "lm", text = new string('a', 2001) })));
    }

    [Fact]
    public async Task The_runs_under_the_folder_report_their_progress_and_a_killed_run_is_reported_as_ended()
    {
        var (app, client, _) = await Start();
        await using var _ = app;
        // A run that says "running" but whose process is gone (as after SIGKILL): the owner file names no live process.
        Directory.CreateDirectory(PathOf("runs/killed"));
        // Its history holds a metric with nothing to measure (NaN), which JSON cannot hold as a number.
        new RunProgress
        {
            Kind = "lm", Status = "running", Step = 7, Steps = 100,
            History = [new HistoryPoint(5, 1.5, new Dictionary<string, double> { ["unseen_accuracy"] = double.NaN })],
        }.Write(PathOf("runs/killed"));
        File.WriteAllText(PathOf("runs/killed/.lock.owner"), "process 2147483646: rnn train, since 2026-12-02");

        var runs = JsonDocument.Parse(await client.GetStringAsync("/api/runs")).RootElement;
        Assert.Equal(Path.GetFullPath(PathOf("runs")), runs.GetProperty("root").GetString());
        var byName = runs.GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["forecast", "killed", "run"], byName.Keys.Order());
        var lm = byName["run"];
        Assert.Equal("completed", lm.GetProperty("status").GetString());
        var progress = lm.GetProperty("progress");
        Assert.Equal(4, progress.GetProperty("step").GetInt64());
        Assert.Equal("lm", progress.GetProperty("kind").GetString());
        Assert.Equal([1, 2, 3, 4], progress.GetProperty("losses").EnumerateArray().Select(p => (int)p[0].GetDouble()));
        Assert.Equal(4, progress.GetProperty("history")[0].GetProperty("step").GetInt64());
        Assert.StartsWith("rnn train --text", progress.GetProperty("command").GetString());
        Assert.Equal("ended", byName["killed"].GetProperty("status").GetString());
        Assert.Equal("NaN", byName["killed"].GetProperty("progress").GetProperty("history")[0].GetProperty("metrics").GetProperty("unseen_accuracy").GetString());
        Assert.Equal("completed", byName["forecast"].GetProperty("status").GetString());
    }

    [Fact]
    public void A_long_runs_loss_curve_is_folded_into_at_most_a_thousand_means_of_consecutive_steps()
    {
        CliRun.TrainTinyLanguageModel(TempDirectory, steps: 2050);
        var progress = RunProgress.Read(PathOf("run"))!;
        Assert.Equal("completed", progress.Status);
        var steps = progress.Losses.Select(p => (long)p[0]).ToArray();
        // 1,000 single steps fold into 500 pairs, the next 1,000 steps too, then fours: 500 + 12 + the last partial one.
        Assert.Equal(513, steps.Length);
        Assert.Equal(4, steps[0]);
        Assert.Equal(2050, steps[^1]);
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second > p.First));
        Assert.All(progress.Losses, p => Assert.True(double.IsFinite(p[1]) && p[1] > 0));
    }

    [Fact]
    public void A_resumed_run_goes_on_with_its_curve_up_to_the_step_it_resumes_from()
    {
        string checkpoint = CliRun.TrainTinyLanguageModel(TempDirectory, steps: 10);
        string run = Path.GetDirectoryName(checkpoint)!;
        var first = RunProgress.Read(run)!;
        // As after a kill at step 15 with the last checkpoint at step 10: the file has points the resume trains again.
        (first with { Losses = [.. first.Losses, .. Enumerable.Range(11, 5).Select(s => new double[] { s, 99.0 })] }).Write(run);

        var resumed = CliRun.Run("train", "--text", PathOf("t.txt"), "--out", run, "--resume", "--steps", "20");
        Assert.True(resumed.Exit == 0, resumed.Error);
        var progress = RunProgress.Read(run)!;
        Assert.Equal("completed", progress.Status);
        Assert.Equal(Enumerable.Range(1, 20), progress.Losses.Select(p => (int)p[0]));
        Assert.Equal(first.Losses.Select(p => p[1]), progress.Losses.Take(10).Select(p => p[1]));
        Assert.All(progress.Losses.Skip(10), p => Assert.NotEqual(99.0, p[1]));
    }
}
