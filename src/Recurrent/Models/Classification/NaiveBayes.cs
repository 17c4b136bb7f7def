namespace Recurrent.Models.Classification;

/// <summary>
/// Multinomial naive Bayes with Laplace (add-α) smoothing, the classic text-classification baseline (Manning, Raghavan
/// and Schütze, "Introduction to Information Retrieval", §13.2). With N_c training documents of class c out of N, and
/// T_cf the count of feature f in class c over a feature vocabulary V (every feature seen in training):
///   P(c) = N_c / N,   P(f | c) = (T_cf + α) / (Σ_f' T_cf' + α·|V|),
///   ĉ(d) = argmax_c  log P(c) + Σ_{f ∈ d, f ∈ V} log P(f | c)   (each occurrence counts; unseen features are skipped).
/// Ties go to the lower class index. Features are words (<see cref="TokenVocabulary.Tokenize"/>) or character n-grams.
/// </summary>
public sealed class NaiveBayes
{
    private readonly Dictionary<string, int> _features;
    private readonly double[] _logPrior;
    private readonly double[,] _logLikelihood;    // [class, feature]

    private NaiveBayes(Dictionary<string, int> features, double[] logPrior, double[,] logLikelihood) =>
        (_features, _logPrior, _logLikelihood) = (features, logPrior, logLikelihood);

    public int Classes => _logPrior.Length;
    public int FeatureCount => _features.Count;

    /// <param name="documents">Each document's features (with repeats) and class in [0, classes).</param>
    /// <param name="classes">C.</param>
    /// <param name="alpha">α, the count added to every (class, feature): 1 is Laplace's rule.</param>
    public static NaiveBayes Train(IEnumerable<(IEnumerable<string> Features, int Label)> documents, int classes, double alpha = 1)
    {
        if (!(alpha > 0)) throw new ArgumentException($"The smoothing α must be positive, got {alpha}.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new List<int[]>();       // per feature, per class
        var documentsOf = new int[classes];
        foreach (var (features, label) in documents)
        {
            documentsOf[label]++;
            foreach (var f in features)
            {
                if (!index.TryGetValue(f, out int i)) { index[f] = i = index.Count; counts.Add(new int[classes]); }
                counts[i][label]++;
            }
        }
        int N = documentsOf.Sum(), V = index.Count;
        if (N == 0) throw new ArgumentException("Naive Bayes needs at least one training document.");
        var logPrior = documentsOf.Select(n => n == 0 ? double.NegativeInfinity : Math.Log((double)n / N)).ToArray();
        var logLikelihood = new double[classes, V];
        for (int c = 0; c < classes; c++)
        {
            double total = 0;
            for (int f = 0; f < V; f++) total += counts[f][c];
            double denominator = Math.Log(total + alpha * V);
            for (int f = 0; f < V; f++) logLikelihood[c, f] = Math.Log(counts[f][c] + alpha) - denominator;
        }
        return new NaiveBayes(index, logPrior, logLikelihood);
    }

    /// <summary>log P(c) + Σ log P(f | c) for every class: the unnormalised log posterior.</summary>
    public double[] LogScores(IEnumerable<string> features)
    {
        var scores = (double[])_logPrior.Clone();
        foreach (var f in features)
            if (_features.TryGetValue(f, out int i))
                for (int c = 0; c < scores.Length; c++) scores[c] += _logLikelihood[c, i];
        return scores;
    }

    public int Predict(IEnumerable<string> features)
    {
        var scores = LogScores(features);
        int best = 0;
        for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    /// <summary>
    /// Character n-grams of a text for n in [min, max], lower-cased, runs of white space as one space and a space at each
    /// end (so word beginnings and endings are features of their own).
    /// </summary>
    public static IEnumerable<string> CharNGrams(string text, int min = 1, int max = 4)
    {
        string s = " " + string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        for (int n = min; n <= max; n++)
            for (int i = 0; i + n <= s.Length; i++) yield return s.Substring(i, n);
    }
}
