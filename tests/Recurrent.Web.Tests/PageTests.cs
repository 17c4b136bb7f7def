using Microsoft.Playwright;
using Recurrent.Cli;

namespace Recurrent.Web.Tests;

/// <summary>
/// The pages of `rnn serve` in headless Chromium, used as a person would use them: each playground on a small trained
/// model, a training run watched while it trains, and inside the LSTM. Each test photographs its page into docs/images.
/// </summary>
public sealed class PageTests(ServedPages served) : IClassFixture<ServedPages>
{
    private async Task<(IPage Page, List<string> Errors)> Open(string path, int height = 1200)
    {
        var page = await served.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = height } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(served.App.Urls.First() + path);
        return (page, errors);
    }

    [Fact]
    public async Task Each_playground_works_in_a_real_browser()
    {
        var (page, errors) = await Open("/");

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
        var colours = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#model-pos .tagged span.word')].map(w => [w.querySelector('sub').textContent, w.style.background])");
        Assert.Equal(colours.Select(c => c[0]).Distinct().Count(), colours.Select(c => c[1]).Distinct().Count());   // one colour per tag

        // Seq2seq: the n-best list and the attention map.
        var g2p = page.Locator("#model-g2p");
        await g2p.Locator("input.text").FillAsync("network");
        await g2p.Locator("button.translate").ClickAsync();
        await g2p.Locator("ol.hypotheses li").Nth(2).WaitForAsync();
        Assert.Equal(3, await g2p.Locator("ol.hypotheses li .output").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("() => document.querySelector('#model-g2p canvas.attention').width") > 7 * 26);

        // Forecaster: the last 200 years and 24 forecasts drawn, the note naming the last year.
        var sunspots = page.Locator("#model-sunspots");
        await sunspots.Locator("button.forecast").ClickAsync();
        await page.WaitForFunctionAsync("() => +document.querySelector('#model-sunspots canvas.forecast').dataset.points > 0");
        Assert.Equal(200 + 25, await page.EvaluateAsync<int>("() => +document.querySelector('#model-sunspots canvas.forecast').dataset.points"));
        Assert.StartsWith("24 steps after 2008", await sunspots.Locator(".note").TextContentAsync());

        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServedPages.Images(), "serve-playground.png"), FullPage = true });
    }

    [Fact]
    public async Task A_training_run_updates_live_on_the_runs_page()
    {
        var (page, errors) = await Open("/runs", 1400);
        await page.Locator(".run[data-name='sunspots'] .status.completed").WaitForAsync();
        Assert.Equal(5, await page.Locator(".run").CountAsync());
        await page.EvaluateAsync("() => window.notReloaded = true");

        // A run started now, capped at 12 seconds: the page shows it, then its step moves on, without a reload.
        var live = Task.Run(() => RnnCli.Run(["train", "--text", served.Text, "--hidden", "64", "--embedding", "16", "--batch", "16", "--seq-len", "64",
            "--steps", "1000000", "--minutes", "0.2", "--eval-interval", "200", "--out", Path.Combine(served.Runs, "live")]));
        var card = page.Locator(".run[data-name='live']");
        await card.Locator(".status.running").WaitForAsync(new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => +document.querySelector(\".run[data-name='live']\").dataset.step > 0");
        long first = long.Parse((await card.GetAttributeAsync("data-step"))!);
        await page.WaitForFunctionAsync($"() => +document.querySelector(\".run[data-name='live']\").dataset.step > {first}", null, new() { Timeout = 60_000 });
        int points = await page.EvaluateAsync<int>("() => +document.querySelector(\".run[data-name='live'] canvas.loss\").dataset.points");
        Assert.True(points > 1, $"the loss chart has {points} points");
        Assert.Equal(0, await live);
        await card.Locator(".status.time-limit").WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Contains("rnn train --text", await card.Locator("pre.config").TextContentAsync());

        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServedPages.Images(), "serve-runs.png"), FullPage = true });
    }

    [Fact]
    public async Task Inside_the_lstm_draws_the_units_that_follow_quotes()
    {
        var (page, errors) = await Open("/inside", 1400);
        await page.Locator("#model option[value='shakespeare']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#feature").SelectOptionAsync("quotes");
        await page.Locator("#top").FillAsync("4");
        await page.Locator("#look").ClickAsync();
        await page.Locator(".unit canvas").Nth(3).WaitForAsync();
        Assert.Equal(4, await page.Locator(".unit canvas").CountAsync());
        var titles = await page.Locator(".unit h3").AllTextContentsAsync();
        Assert.All(titles, t => Assert.Matches(@"^unit \d+ · r = -?\d\.\d{3} with quotes$", t));
        var r = titles.Select(t => Math.Abs(double.Parse(t.Split("r = ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(r.OrderDescending(), r);
        // Each strip is drawn: the canvas holds the text's five lines, each with its five signal strips and the feature's.
        Assert.True(await page.EvaluateAsync<int>("() => document.querySelector('.unit canvas').height") >= 5 * (18 + 6 * 6));

        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServedPages.Images(), "serve-inside.png"), FullPage = true });
    }
}
