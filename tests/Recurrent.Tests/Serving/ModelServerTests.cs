using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recurrent.Cli.Serving;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Serving;

/// <summary>`rnn serve` at the HTTP level: every endpoint, the caps, bad requests, and many concurrent requests on one model.</summary>
[Collection("console")]
public sealed class ModelServerTests : TempDirectoryTest
{
    private async Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Client)> Start()
    {
        string lm = CliRun.TrainTinyLanguageModel(TempDirectory);
        File.WriteAllLines(PathOf("labelled.tsv"), Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "even" : "odd")}\tsome words number {i}"));
        var classify = CliRun.Run("classify", "train", "--data", PathOf("labelled.tsv"), "--hidden", "4", "--embedding", "4", "--steps", "2", "--eval-interval", "2", "--out", PathOf("cls"));
        Assert.True(classify.Exit == 0, classify.Error);
        File.WriteAllText(PathOf("tagged.conll"), string.Concat(Enumerable.Repeat("The\tDT\ndog\tNN\nbarks\tVBZ\n\n", 30)));
        var tag = CliRun.Run("tag", "train", "--data", PathOf("tagged.conll"), "--hidden", "4", "--embedding", "4", "--char-hidden", "2", "--steps", "2", "--eval-interval", "2", "--out", PathOf("tag"));
        Assert.True(tag.Exit == 0, tag.Error);
        var g2p = CliRun.Run("g2p", "train", "--hidden", "4", "--embedding", "4", "--decoder-hidden", "8", "--batch", "8", "--steps", "2", "--eval-interval", "2", "--out", PathOf("g2p"));
        Assert.True(g2p.Exit == 0, g2p.Error);
        var models = new[]
        {
            LoadedModel.Open(Path.Combine(PathOf("g2p"), "checkpoint.safetensors"), "g2p"),
            LoadedModel.Open(lm, "lm"), LoadedModel.Open(Path.Combine(PathOf("cls"), "checkpoint.safetensors"), "genre"),
            LoadedModel.Open(Path.Combine(PathOf("tag"), "checkpoint.safetensors"), "pos"),
        };
        var app = await ModelServer.StartAsync(models, "127.0.0.1", 0);
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    [Fact]
    public async Task Every_endpoint_answers_and_bad_or_oversized_requests_get_4xx_while_the_server_keeps_serving()
    {
        var (app, client) = await Start();
        await using var _ = app;
        Assert.Contains("<script src=\"playgrounds.js\">", await client.GetStringAsync("/"));
        Assert.Contains("/api/sample", await client.GetStringAsync("/playgrounds.js"));
        var models = JsonDocument.Parse(await client.GetStringAsync("/api/models")).RootElement;
        Assert.Equal(["g2p", "lm", "genre", "pos"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        var sample = await client.PostAsJsonAsync("/api/sample", new { model = "lm", prompt = "First", length = 50, seed = 3 });
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        Assert.Equal(50, System.Globalization.StringInfo.ParseCombiningCharacters(await sample.Content.ReadAsStringAsync()).Length);

        var classes = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/classify", new { model = "genre", text = "some words" })).Content.ReadAsStringAsync());
        var probabilities = classes.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("probability").GetDouble()).ToArray();
        Assert.Equal(2, probabilities.Length);
        Assert.Equal(1.0, probabilities.Sum(), 5);
        Assert.True(probabilities[0] >= probabilities[1]);

        var tagged = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/tag", new { model = "pos", text = "The dog barks." })).Content.ReadAsStringAsync());
        Assert.Equal(["The", "dog", "barks", "."], tagged.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("word").GetString()));

        var decoded = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/translate", new { model = "g2p", text = "cat", beam = 4, nBest = 2 })).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["C", "A", "T"], decoded.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, decoded.GetProperty("hypotheses").GetArrayLength());
        var weights = decoded.GetProperty("attention").GetProperty("weights");
        Assert.All(weights.EnumerateArray(), row => Assert.Equal(1.0, row.EnumerateArray().Sum(w => w.GetDouble()), 4));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/translate", new { model = "g2p", text = "c@t" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/translate", new { model = "g2p", text = "cat", beam = 99 })).StatusCode);

        var tooBig = await client.PostAsync("/api/tag", new StringContent(new string('a', (int)ModelServer.MaxBodyBytes + 10), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/sample", new { model = "lm", length = ModelServer.MaxSampleLength + 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/classify", new { model = "genre", text = new string('x', ModelServer.MaxTextLength + 1) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/tag", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/tag", new { model = "lm", text = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/sample", new { model = "../../etc/passwd" })).StatusCode);
        // Still serving after all that.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/sample", new { model = "lm", length = 5, seed = 1 })).StatusCode);
    }

    [Fact]
    public async Task Many_concurrent_requests_on_one_model_each_get_what_they_get_alone()
    {
        var (app, client) = await Start();
        await using var _ = app;
        async Task<string> Sample(int seed) => await (await client.PostAsJsonAsync("/api/sample", new { model = "lm", prompt = "A", length = 120, seed })).Content.ReadAsStringAsync();
        async Task<string> Classify(int i) => await (await client.PostAsJsonAsync("/api/classify", new { model = "genre", text = $"some words number {i}" })).Content.ReadAsStringAsync();
        var alone = new List<string>();
        for (int i = 0; i < 12; i++) alone.Add(await Sample(i) + await Classify(i));
        var together = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i => await Sample(i) + await Classify(i)));
        Assert.Equal(alone, together);
    }
}
