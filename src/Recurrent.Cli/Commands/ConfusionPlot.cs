using Recurrent.Models.Classification;

namespace Recurrent.Cli.Commands;

/// <summary>
/// A confusion matrix as a PNG (ScottPlot): a row per true class (top to bottom), a column per predicted class, each
/// cell shaded by the fraction of its row (the recall along the diagonal) and labelled with its count. Written atomically.
/// </summary>
internal static class ConfusionPlot
{
    public static void Save(string path, string title, ClassificationScores scores)
    {
        int C = scores.Labels.Count;
        var plot = new ScottPlot.Plot();
        for (int g = 0; g < C; g++)
            for (int p = 0; p < C; p++)
            {
                int n = scores.Confusion[g, p];
                double share = scores.Support[g] == 0 ? 0 : (double)n / scores.Support[g];
                double y = C - 1 - g;
                var cell = plot.Add.Rectangle(p, p + 1, y, y + 1);
                cell.FillStyle.Color = new ScottPlot.Color((byte)(255 - 215 * share), (byte)(255 - 160 * share), (byte)(255 - 60 * share));
                cell.LineStyle.Width = 0;
                if (n == 0) continue;
                var text = plot.Add.Text(n.ToString(), p + 0.5, y + 0.5);
                text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                text.LabelFontSize = C > 12 ? 10 : 14;
                text.LabelFontColor = share > 0.5 ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
            }
        var centres = Enumerable.Range(0, C).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, [.. scores.Labels]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, [.. scores.Labels.Reverse()]);
        plot.Axes.SetLimits(0, C, 0, C);
        plot.Title(title);
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        string temp = path + ".tmp.png";
        int size = Math.Clamp(80 + 40 * C, 400, 1200);
        plot.SavePng(temp, size + 60, size);
        File.Move(temp, path, overwrite: true);
    }
}
