using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>Writes the training and validation loss curves as a PNG (ScottPlot).</summary>
internal static class LossPlot
{
    public static void Save(string path, IReadOnlyList<HistoryPoint> history, string title, string unit = "char")
    {
        if (history.Count == 0) return;
        var plot = new ScottPlot.Plot();
        double[] steps = history.Select(h => (double)h.Step).ToArray();
        var train = plot.Add.Scatter(steps, history.Select(h => h.TrainLoss).ToArray());
        train.LegendText = "train (mean over interval)";
        var validation = plot.Add.Scatter(steps, history.Select(h => h.ValidationLoss).ToArray());
        validation.LegendText = "validation (held out)";
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel($"cross-entropy (nats/{unit})");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        string temp = path + ".tmp.png";
        plot.SavePng(temp, 900, 540);
        File.Move(temp, path, overwrite: true);
    }
}
