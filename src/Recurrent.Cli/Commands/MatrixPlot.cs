namespace Recurrent.Cli.Commands;

/// <summary>
/// A matrix as a PNG (ScottPlot): a row per row label (top to bottom), a column per column label, each cell shaded by its
/// value in [0, 1] and optionally labelled (confusion matrices, attention maps). Written atomically.
/// </summary>
internal static class MatrixPlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<string> rows, IReadOnlyList<string> columns,
        double[,] shades, string?[,]? texts = null)
    {
        int R = rows.Count, C = columns.Count;
        var plot = new ScottPlot.Plot();
        for (int r = 0; r < R; r++)
            for (int c = 0; c < C; c++)
            {
                double share = Math.Clamp(shades[r, c], 0, 1), y = R - 1 - r;
                var cell = plot.Add.Rectangle(c, c + 1, y, y + 1);
                cell.FillStyle.Color = new ScottPlot.Color((byte)(255 - 215 * share), (byte)(255 - 160 * share), (byte)(255 - 60 * share));
                cell.LineStyle.Width = 0;
                if (texts?[r, c] is not { } label) continue;
                var text = plot.Add.Text(label, c + 0.5, y + 0.5);
                text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                text.LabelFontSize = Math.Max(R, C) > 12 ? 10 : 14;
                text.LabelFontColor = share > 0.5 ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
            }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, C).Select(i => i + 0.5)], [.. columns]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, R).Select(i => i + 0.5)], [.. rows.Reverse()]);
        plot.Axes.SetLimits(0, C, 0, R);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        string temp = path + ".tmp.png";
        plot.SavePng(temp, Math.Clamp(140 + 40 * C, 400, 1200), Math.Clamp(80 + 40 * R, 300, 1200));
        File.Move(temp, path, overwrite: true);
    }
}
