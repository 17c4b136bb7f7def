namespace Recurrent.Cli.Commands;

/// <summary>Curves against a shared x axis as a PNG (ScottPlot), written atomically (temporary file, then rename).</summary>
internal static class LinePlot
{
    public static void Save(string path, string title, string xLabel, string yLabel, params Series[] series)
    {
        if (series.All(s => s.X.Length == 0)) return;
        var plot = new ScottPlot.Plot();
        foreach (var s in series) plot.Add.Scatter(s.X, s.Y).LegendText = s.Name;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        string temp = path + ".tmp.png";
        plot.SavePng(temp, 900, 540);
        File.Move(temp, path, overwrite: true);
    }
}
