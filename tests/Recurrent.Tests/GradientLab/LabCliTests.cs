using Recurrent.Tests.Cli;

namespace Recurrent.Tests.GradientLab;

/// <summary>The <c>rnn lab</c> commands in a short mode: their lines, their PNGs, one-line errors.</summary>
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
    public void Gradients_after_training_prints_rows_before_and_after_and_writes_the_second_plot()
    {
        var r = CliRun.Run("lab", "gradients", "--T", "12", "--cells", "rnn,lstm", "--hidden", "4", "--batch", "2", "--trained", "4", "--out", PathOf("lab"));
        Assert.True(r.Exit == 0, r.Error);
        var rows = r.Out.Split('\n').Where(l => (l.StartsWith("rnn ") || l.StartsWith("lstm ")) && (l.Contains(" init ") || l.Contains(" trained ["))).Select(l => string.Join(' ', l.Split(' ').Take(2))).ToArray();
        Assert.Equal(["rnn init", "rnn trained", "lstm init", "lstm init", "lstm trained", "lstm trained"], rows);
        Assert.True(new FileInfo(PathOf("lab/gradients-trained.png")).Length > 1000);
    }

    [Fact]
    public void Copy_prints_a_recall_accuracy_per_cell_and_delay_and_writes_its_plots()
    {
        var r = CliRun.Run("lab", "copy", "--T", "3,5", "--cells", "gru,lstm", "--hidden", "4", "--steps", "4", "--batch", "4", "--out", PathOf("lab"));
        Assert.True(r.Exit == 0, r.Error);
        var lines = r.Out.Split('\n').Where(l => l.Contains(" accuracy ") && !l.StartsWith("copy")).Select(l => string.Join(' ', l.Split(' ').Take(3))).ToArray();
        Assert.Equal(["gru T=3 accuracy", "lstm T=3 accuracy", "gru T=5 accuracy", "lstm T=5 accuracy"], lines);
        Assert.True(File.Exists(PathOf("lab/copy-T3.png")) && File.Exists(PathOf("lab/copy-T5.png")));
    }

    [Fact]
    public void Clipping_prints_a_line_per_threshold_and_writes_one_panel_per_threshold()
    {
        var r = CliRun.Run("lab", "clipping", "--T", "6", "--hidden", "4", "--steps", "5", "--thetas", "off,1", "--out", PathOf("lab"));
        Assert.True(r.Exit == 0, r.Error);
        var lines = r.Out.Split('\n').Where(l => l.StartsWith("clip ")).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("clip off", lines[0]);
        Assert.Contains("clipped 0.0% of steps", lines[0]);
        Assert.StartsWith("clip 1 ", lines[1]);
        Assert.Contains("‖g‖ median", lines[1]);
        Assert.True(new FileInfo(PathOf("lab/clipping.png")).Length > 1000);
    }

    [Fact]
    public void Bad_options_are_one_line_errors()
    {
        CliRun.AssertOneLineError(CliRun.Run("lab", "gradients", "--cells", "lstm,transformer", "--out", PathOf("lab")), "--cell 'transformer'");
        CliRun.AssertOneLineError(CliRun.Run("lab", "gradients", "--T", "1", "--out", PathOf("lab")), "--T must be at least 2");
        CliRun.AssertOneLineError(CliRun.Run("lab", "adding", "--T", "50,x", "--out", PathOf("lab")), "--T: 'x'");
        CliRun.AssertOneLineError(CliRun.Run("lab", "copy", "--cells", "lstm,tcn", "--out", PathOf("lab")), "--cell 'tcn'");
        CliRun.AssertOneLineError(CliRun.Run("lab", "clipping", "--thetas", "off,-1", "--out", PathOf("lab")), "--thetas: '-1'");
        CliRun.AssertOneLineError(CliRun.Run("lab", "clipping", "--cell", "lstm", "--out", PathOf("lab")), "--radius applies to rnn");
        CliRun.AssertOneLineError(CliRun.Run("lab", "clipping", "--optimizer", "rmsprop", "--out", PathOf("lab")), "--optimizer must be adamw or sgd");
    }
}
