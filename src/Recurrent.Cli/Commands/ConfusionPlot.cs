using Recurrent.Models.Classification;

namespace Recurrent.Cli.Commands;

/// <summary>
/// A confusion matrix as a PNG: a row per true class, a column per predicted class, each cell shaded by the fraction of
/// its row (the recall along the diagonal) and labelled with its count (<see cref="MatrixPlot"/>).
/// </summary>
internal static class ConfusionPlot
{
    public static void Save(string path, string title, ClassificationScores scores)
    {
        int C = scores.Labels.Count;
        var shares = new double[C, C];
        var counts = new string?[C, C];
        for (int g = 0; g < C; g++)
            for (int p = 0; p < C; p++)
            {
                int n = scores.Confusion[g, p];
                shares[g, p] = scores.Support[g] == 0 ? 0 : (double)n / scores.Support[g];
                counts[g, p] = n == 0 ? null : n.ToString();
            }
        MatrixPlot.Save(path, title, "predicted class", "true class", scores.Labels, scores.Labels, shares, counts);
    }
}
