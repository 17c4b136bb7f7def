using Microsoft.Playwright;
using Recurrent.Cli;
using Recurrent.Cli.Serving;

namespace Recurrent.Web.Tests;

/// <summary>
/// The page of `rnn serve` in headless Chromium: each playground used on a small trained model, as a person would
/// use it; the screenshot lands in docs/images/serve-playground.png.
/// </summary>
public sealed class PlaygroundPageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("serve-page").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Debian's Chromium (apt-get install chromium), or the one RECURRENT_CHROMIUM names.</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("RECURRENT_CHROMIUM") ?? "/usr/bin/chromium";

    private string Train(string name, params string[] args)
    {
        string output = Path.Combine(_dir, name);
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        try { Assert.Equal(0, RnnCli.Run([.. args, "--steps", "3", "--eval-interval", "3", "--out", output])); }
        finally { Console.SetOut(stdout); Console.SetError(stderr); }
        return Path.Combine(output, "checkpoint.safetensors");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recurrent.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("not inside the repository");
    }

    [Fact]
    public async Task Each_playground_works_in_a_real_browser_and_the_page_is_photographed()
    {
        Assert.True(File.Exists(Chromium), $"Chromium is needed at {Chromium} (apt-get install chromium, or set RECURRENT_CHROMIUM)");
        string text = Path.Combine(_dir, "t.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("ROMEO:\nBut soft, what light through yonder window breaks?\n", 200)));
        string tsv = Path.Combine(_dir, "labelled.tsv");
        File.WriteAllLines(tsv, Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "comedy" : "tragedy")}\tsome words number {i}"));
        string conll = Path.Combine(_dir, "tagged.conll");
        File.WriteAllText(conll, string.Concat(Enumerable.Repeat("The\tDT\ndog\tNN\nbarks\tVBZ\n\n", 30)));
        var models = new[]
        {
            LoadedModel.Open(Train("lm", "train", "--text", text, "--hidden", "16", "--embedding", "8", "--batch", "4", "--seq-len", "16"), "shakespeare"),
            LoadedModel.Open(Train("cls", "classify", "train", "--data", tsv, "--hidden", "4", "--embedding", "4"), "genre"),
            LoadedModel.Open(Train("tag", "tag", "train", "--data", conll, "--hidden", "4", "--embedding", "4", "--char-hidden", "2"), "pos"),
            LoadedModel.Open(Train("g2p", "g2p", "train", "--hidden", "4", "--embedding", "4", "--decoder-hidden", "8", "--batch", "8"), "g2p"),
        };
        await using var app = await ModelServer.StartAsync(models, "127.0.0.1", 0);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 1200 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(app.Urls.First());

        // Language model: the sampled text streams into the output after the prompt.
        var lm = page.Locator("#model-shakespeare");
        await lm.Locator("input.length").FillAsync("200");
        await lm.Locator("button.sample").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#model-shakespeare pre.output').textContent.length >= 'ROMEO:'.length + 200");
        Assert.StartsWith("ROMEO:", await lm.Locator("pre.output").TextContentAsync());

        // Classifier: one bar per class, probabilities summing to 1.
        var genre = page.Locator("#model-genre");
        await genre.Locator("button.classify").ClickAsync();
        await genre.Locator(".bar").Nth(1).WaitForAsync();
        var values = await genre.Locator(".bar .value").AllTextContentsAsync();
        Assert.Equal(2, values.Count);
        Assert.Equal(1.0, values.Sum(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), 2);

        // Tagger: each word with its tag.
        var pos = page.Locator("#model-pos");
        await pos.Locator("textarea.text").FillAsync("The dog barks.");
        await pos.Locator("button.tag").ClickAsync();
        await pos.Locator(".tagged span.word").Nth(3).WaitForAsync();
        Assert.Equal(4, await pos.Locator(".tagged span.word").CountAsync());

        // Seq2seq: the n-best list and the attention map.
        var g2p = page.Locator("#model-g2p");
        await g2p.Locator("input.text").FillAsync("network");
        await g2p.Locator("button.translate").ClickAsync();
        await g2p.Locator("ol.hypotheses li").Nth(2).WaitForAsync();
        Assert.Equal(3, await g2p.Locator("ol.hypotheses li .output").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("() => document.querySelector('#model-g2p canvas.attention').width") > 7 * 26);

        Assert.Empty(errors);
        string images = Path.Combine(RepositoryRoot(), "docs", "images");
        Directory.CreateDirectory(images);
        await page.ScreenshotAsync(new() { Path = Path.Combine(images, "serve-playground.png"), FullPage = true });
    }
}
