using ScottPlot;

namespace Recurrent.Cli.Commands;

/// <summary>
/// Curves against a shared x axis as a PNG (ScottPlot), written atomically (temporary file, then rename); or several
/// such panels stacked, sharing the x axis. Curves of many points are drawn as lines without markers.
/// </summary>
internal static class LinePlot
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static void Save(string path, string title, string xLabel, string yLabel, params Series[] series) =>
        Save(path, new Panel(title, xLabel, yLabel, series));

    public static void Save(string path, Panel panel)
    {
        if (panel.Series.All(s => s.X.Length == 0)) return;
        var plot = new ScottPlot.Plot();
        Draw(plot, panel);
        Write(path, temp => plot.SavePng(temp, 900, 540));
    }

    /// <summary>A plot: its curves, optional horizontal reference lines (value, label), where the legend goes, and
    /// shaded bands between two curves (a prediction interval), drawn under the curves.</summary>
    public sealed record Panel(string Title, string XLabel, string YLabel, Series[] Series, (double Y, string Label)[]? Lines = null,
        Alignment Legend = Alignment.UpperRight, Band[]? Bands = null);

    /// <summary>The region between <paramref name="Low"/> and <paramref name="High"/> over <paramref name="X"/>.</summary>
    public sealed record Band(string Name, double[] X, double[] Low, double[] High, int? Color = null);

    /// <summary>The panels stacked top to bottom, their x axes shared.</summary>
    public static void SavePanels(string path, params Panel[] panels)
    {
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(panels.Length);
        var plots = multiplot.GetPlots();
        for (int i = 0; i < panels.Length; i++) Draw(plots[i], panels[i]);
        multiplot.SharedAxes.ShareX(plots);
        Write(path, temp => multiplot.SavePng(temp, 900, 300 * panels.Length));
    }

    private static void Draw(ScottPlot.Plot plot, Panel panel)
    {
        foreach (var band in panel.Bands ?? [])
        {
            var fill = plot.Add.FillY(band.X, band.Low, band.High);
            fill.LegendText = band.Name;
            fill.FillColor = (band.Color is { } c ? Palette.GetColor(c) : Colors.Gray).WithAlpha(0.25);
            fill.LineWidth = 0;
        }
        foreach (var s in panel.Series)
        {
            var scatter = plot.Add.Scatter(s.X, s.Y);
            scatter.LegendText = s.Name;
            if (s.X.Length > 30) scatter.MarkerSize = 0;
            if (s.Dashed) scatter.LinePattern = LinePattern.Dashed;
            if (s.Color is { } c) scatter.Color = Palette.GetColor(c);
        }
        foreach (var (y, label) in panel.Lines ?? [])
        {
            var line = plot.Add.HorizontalLine(y);
            line.LinePattern = ScottPlot.LinePattern.Dashed;
            line.LegendText = label;
        }
        // Plain numbers on the x axis (years read 1921, not 1,921).
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = x => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Title(panel.Title);
        plot.XLabel(panel.XLabel);
        plot.YLabel(panel.YLabel);
        plot.ShowLegend(panel.Legend);
    }

    private static void Write(string path, Action<string> save)
    {
        string temp = path + ".tmp.png";
        save(temp);
        File.Move(temp, path, overwrite: true);
    }
}
