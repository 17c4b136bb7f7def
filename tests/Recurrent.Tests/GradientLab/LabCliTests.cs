using Recurrent.Tests.Cli;

namespace Recurrent.Tests.GradientLab;

/// <summary><c>rnn lab gradients</c> in a short mode: a line per cell (and the LSTM's cell state), the PNG, one-line errors.</summary>
[Collection("console")]
public sealed class LabCliTests : TempDirectoryTest
{
    [Fact]
    public void Gradients_prints_a_line_per_cell_and_writes_the_plot()
    {
        var r = CliRun.Run("lab", "gradients", "--T", "30", "--hidden", "8", "--batch", "2", "--out", PathOf("lab"));
        Assert.True(r.Exit == 0, r.Error);
        var rows = r.Out.Split('\n').Where(l => l.Length > 0 && char.IsLetter(l[0]) && !l.StartsWith("cell") && !l.StartsWith("plot")).Select(l => l.Split(' ')[0] + (l.StartsWith("lstm c") ? " c" : "")).ToArray();
        Assert.Equal(["rnn", "rnn-relu", "lstm", "lstm c", "gru"], rows);
        Assert.Contains("lag 29", r.Out);
        Assert.True(new FileInfo(PathOf("lab/gradients.png")).Length > 1000);
    }

    [Fact]
    public void Adding_prints_a_line_per_cell_and_length_and_writes_its_plots()
    {
        var r = CliRun.Run("lab", "adding", "--T", "6,8", "--cells", "rnn,irnn,lstm", "--hidden", "4", "--steps", "6", "--out", PathOf("lab"));
        Assert.True(r.Exit == 0, r.Error);
        var lines = r.Out.Split('\n').Where(l => l.Contains(" mse ") && !l.StartsWith("adding")).Select(l => string.Join(' ', l.Split(' ').Take(2))).ToArray();
        Assert.Equal(["rnn T=6", "irnn T=6", "lstm T=6", "rnn T=8", "irnn T=8", "lstm T=8"], lines);
        Assert.True(File.Exists(PathOf("lab/adding-T6.png")) && File.Exists(PathOf("lab/adding-T8.png")));
    }

    [Fact]
    public void Bad_options_are_one_line_errors()
    {
        CliRun.AssertOneLineError(CliRun.Run("lab", "gradients", "--cells", "lstm,transformer", "--out", PathOf("lab")), "--cell 'transformer'");
        CliRun.AssertOneLineError(CliRun.Run("lab", "gradients", "--T", "1", "--out", PathOf("lab")), "--T must be at least 2");
        CliRun.AssertOneLineError(CliRun.Run("lab", "adding", "--T", "50,x", "--out", PathOf("lab")), "--T: 'x'");
    }
}
