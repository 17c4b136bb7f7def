using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Recurrent.Cli;
using Recurrent.Cli.Serving;

namespace Recurrent.Web.Tests;

/// <summary>
/// What the page tests share: small models of every kind trained into a runs folder, `rnn serve` on them with --runs,
/// and headless Chromium (Debian's, or the one RECURRENT_CHROMIUM names). Console output of the trainings is dropped.
/// </summary>
public sealed class ServedPages : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("serve-page").FullName;
    public string Runs => Path.Combine(Directory, "runs");
    public string Text => Path.Combine(Directory, "t.txt");
    public WebApplication App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;
    private readonly (TextWriter Out, TextWriter Error) _console = (Console.Out, Console.Error);

    public static string Chromium => Environment.GetEnvironmentVariable("RECURRENT_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Trains into runs/NAME with the given arguments; returns the checkpoint.</summary>
    public string Train(string name, params string[] args)
    {
        string output = Path.Combine(Runs, name);
        int exit = RnnCli.Run([.. args, "--out", output]);
        Assert.True(exit == 0, $"training {name} exited {exit}");
        return Path.Combine(output, "checkpoint.safetensors");
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"Chromium is needed at {Chromium} (apt-get install chromium, or set RECURRENT_CHROMIUM)");
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        File.WriteAllText(Text, string.Concat(Enumerable.Repeat("ROMEO:\n\"But soft, what light through yonder window breaks?\" (he says)\nJULIET:\nAy me!\n", 200)));
        string tsv = Path.Combine(Directory, "labelled.tsv");
        File.WriteAllLines(tsv, Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "comedy" : "tragedy")}\tsome words number {i}"));
        string conll = Path.Combine(Directory, "tagged.conll");
        File.WriteAllText(conll, string.Concat(Enumerable.Repeat("The\tDT\ndog\tNN\nbarks\tVBZ\n\n", 30)));
        string[] few = ["--steps", "3", "--eval-interval", "3"];
        var models = new[]
        {
            LoadedModel.Open(Train("shakespeare", ["train", "--text", Text, "--hidden", "32", "--embedding", "16", "--batch", "8", "--seq-len", "32", "--steps", "150", "--eval-interval", "50"]), "shakespeare"),
            LoadedModel.Open(Train("genre", ["classify", "train", "--data", tsv, "--hidden", "4", "--embedding", "4", .. few]), "genre"),
            LoadedModel.Open(Train("pos", ["tag", "train", "--data", conll, "--hidden", "4", "--embedding", "4", "--char-hidden", "2", .. few]), "pos"),
            LoadedModel.Open(Train("g2p", ["g2p", "train", "--hidden", "4", "--embedding", "4", "--decoder-hidden", "8", "--batch", "8", .. few]), "g2p"),
            LoadedModel.Open(Train("sunspots", ["forecast", "train", "--hidden", "8", "--steps", "60", "--eval-interval", "20"]), "sunspots"),
        };
        App = await ModelServer.StartAsync(models, "127.0.0.1", 0, Runs);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        Console.SetOut(_console.Out);
        Console.SetError(_console.Error);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>docs/images in the repository, where the screenshots go.</summary>
    public static string Images()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recurrent.sln"))) dir = dir.Parent;
        string images = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("not inside the repository"), "docs", "images");
        System.IO.Directory.CreateDirectory(images);
        return images;
    }
}
