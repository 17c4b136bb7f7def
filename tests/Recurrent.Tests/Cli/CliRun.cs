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
}
