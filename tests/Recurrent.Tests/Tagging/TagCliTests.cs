using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Tagging;

/// <summary><c>rnn tag baselines</c>: a line per system on a user's CoNLL files, and one-line errors.</summary>
[Collection("console")]
public sealed class TagCliTests : TempDirectoryTest
{
    private const string Train = "the DET\ndog NOUN\nruns VERB\n\nthey PRON\nrun VERB\n\na DET\nrun NOUN\n";

    [Fact]
    public void Baselines_on_conll_files_print_a_line_per_system()
    {
        File.WriteAllText(PathOf("train.txt"), Train);
        File.WriteAllText(PathOf("test.txt"), "the DET\nrun NOUN\n\nthey PRON\nwalk VERB\n");
        var r = CliRun.Run("tag", "baselines", "--data", PathOf("train.txt"), "--test", PathOf("test.txt"));
        Assert.True(r.Exit == 0, r.Error);
        var systems = r.Out.Split('\n').Where(l => l.Contains(": accuracy ")).Select(l => l[..l.IndexOf(':')]).ToArray();
        Assert.Equal(["most-frequent", "hmm"], systems);
        Assert.Contains("unseen-word accuracy", r.Out);
    }

    [Fact]
    public void Bad_inputs_are_one_line_errors()
    {
        File.WriteAllText(PathOf("train.txt"), Train);
        File.WriteAllText(PathOf("bad.txt"), "the DET\ndog\n");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--data", PathOf("train.txt")), "--data needs --test");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--data", PathOf("train.txt"), "--test", PathOf("bad.txt")), "bad.txt:2");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--tagset", "penn"), "--tagset must be");
    }
}
