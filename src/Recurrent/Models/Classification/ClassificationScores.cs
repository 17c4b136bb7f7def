using System.Text;

namespace Recurrent.Models.Classification;

/// <summary>
/// How well predicted classes match the true ones. With the confusion matrix M[gold, predicted] over C classes:
/// accuracy = Σ_c M[c, c] / N; for class c, precision = M[c, c] / Σ_g M[g, c], recall = M[c, c] / Σ_p M[c, p],
/// F1 = 2·P·R/(P + R) (0 when P + R = 0, and P = 0 when c is never predicted); macro-F1 = the mean F1 over the classes
/// that occur in the gold labels (a class absent from the evaluation set has no recall to measure).
/// </summary>
public sealed class ClassificationScores
{
    public ClassificationScores(IReadOnlyList<string> labels, IReadOnlyList<int> gold, IReadOnlyList<int> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException($"{gold.Count} gold labels but {predicted.Count} predictions.");
        if (gold.Count == 0) throw new ArgumentException("Nothing to score: no examples.");
        Labels = labels;
        int C = labels.Count;
        Confusion = new int[C, C];
        for (int i = 0; i < gold.Count; i++) Confusion[gold[i], predicted[i]]++;
        Precision = new double[C]; Recall = new double[C]; F1 = new double[C]; Support = new int[C];
        int correct = 0;
        for (int c = 0; c < C; c++)
        {
            int predictedC = 0;
            for (int k = 0; k < C; k++) { Support[c] += Confusion[c, k]; predictedC += Confusion[k, c]; }
            correct += Confusion[c, c];
            Precision[c] = predictedC == 0 ? 0 : (double)Confusion[c, c] / predictedC;
            Recall[c] = Support[c] == 0 ? 0 : (double)Confusion[c, c] / Support[c];
            F1[c] = Precision[c] + Recall[c] == 0 ? 0 : 2 * Precision[c] * Recall[c] / (Precision[c] + Recall[c]);
        }
        Count = gold.Count;
        Accuracy = (double)correct / Count;
        MacroF1 = Enumerable.Range(0, C).Where(c => Support[c] > 0).Average(c => F1[c]);
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>M[gold, predicted].</summary>
    public int[,] Confusion { get; }

    public double[] Precision { get; }
    public double[] Recall { get; }
    public double[] F1 { get; }

    /// <summary>Gold examples of each class.</summary>
    public int[] Support { get; }

    public int Count { get; }
    public double Accuracy { get; }
    public double MacroF1 { get; }

    /// <summary>"accuracy 0.912  macro-F1 0.905".</summary>
    public string Line => $"accuracy {Accuracy:F3}  macro-F1 {MacroF1:F3}";

    /// <summary>Per-class precision, recall, F1 and support as a fixed-width table.</summary>
    public string PerClassTable()
    {
        int w = Math.Max(5, Labels.Max(l => l.Length));
        var sb = new StringBuilder();
        sb.AppendLine($"{"class".PadRight(w)}  precision  recall     F1  support");
        for (int c = 0; c < Labels.Count; c++)
            sb.AppendLine($"{Labels[c].PadRight(w)}  {Precision[c],9:F3}  {Recall[c],6:F3}  {F1[c],5:F3}  {Support[c],7}");
        return sb.ToString().TrimEnd();
    }

    /// <summary>The confusion matrix as a table: a row per gold class, a column per predicted class.</summary>
    public string ConfusionTable()
    {
        int C = Labels.Count;
        int w = Math.Max(Labels.Max(l => l.Length), Enumerable.Range(0, C).Max(c => Support[c]).ToString().Length) + 1;
        var sb = new StringBuilder();
        sb.Append("gold\\pred".PadRight(Math.Max(9, w)));
        foreach (var l in Labels) sb.Append(l.PadLeft(w));
        sb.AppendLine();
        for (int g = 0; g < C; g++)
        {
            sb.Append(Labels[g].PadRight(Math.Max(9, w)));
            for (int p = 0; p < C; p++) sb.Append(Confusion[g, p].ToString().PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString().TrimEnd();
    }
}
