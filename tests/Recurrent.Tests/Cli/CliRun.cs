using System.CommandLine;
using Recurrent.Cli;

namespace Recurrent.Tests.Cli;

/// <summary>The `rnn` command in-process, its output captured; and the one assertion of a one-line error.</summary>
internal static class CliRun
{
    public static (int Exit, string Out, string Error) Run(params string[] args) => Run([], args);

    /// <summary>Runs with <paramref name="extra"/> commands added to the tree, as an application adds its own tasks.</summary>
    public static (int Exit, string Out, string Error) Run(Command[] extra, params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try { return (RnnCli.Run(args, extra), o.ToString(), e.ToString()); }
        finally { Console.SetOut(stdout); Console.SetError(stderr); }
    }

    /// <summary>A non-zero exit and exactly one line on stderr, "error: ...", containing every fragment; no stack trace.</summary>
    public static void AssertOneLineError((int Exit, string Out, string Error) r, params string[] fragments)
    {
        Assert.NotEqual(0, r.Exit);
        var lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one error line, got:\n{r.Error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", r.Error);
        foreach (var f in fragments) Assert.Contains(f, lines[0]);
    }

    /// <summary>
    /// A tiny character language model trained for <paramref name="steps"/> steps on the test text by `rnn train` in
    /// <paramref name="folder"/>/run; returns its checkpoint.
    /// </summary>
    public static string TrainTinyLanguageModel(string folder, int steps = 2, params string[] more)
    {
        string text = Path.Combine(folder, "t.txt");
        File.WriteAllText(text, Training.LanguageModelTrainingTests.Text);
        var r = Run([.. new[] { "train", "--text", text, "--out", Path.Combine(folder, "run"), "--steps", steps.ToString(), "--eval-interval", steps.ToString(),
            "--hidden", "8", "--embedding", "4", "--batch", "2", "--seq-len", "8" }, .. more]);
        Assert.True(r.Exit == 0, r.Error);
        return Path.Combine(folder, "run", "checkpoint.safetensors");
    }
}
