using System.Text;
using Recurrent.Tensors;

namespace Recurrent.Text.NGrams;

/// <summary>
/// A count-based n-gram language model (Markov assumption: p(x_t | x_&lt;t) ≈ p(x_t | x_(t−n+1) … x_(t−1))) over
/// characters or words, with one of three smoothings:
/// <list type="bullet">
/// <item>maximum likelihood: p(w | h) = c(hw) / c(h•) — unseen events get probability 0, and perplexity is ∞;</item>
/// <item>add-k: p(w | h) = (c(hw) + k) / (c(h•) + k·|V|);</item>
/// <item>interpolated modified Kneser-Ney (Chen &amp; Goodman 1998):
///   p(w | h) = max(a(hw) − D(a(hw)), 0) / Σ_w′ a(hw′) + γ(h) · p(w | h′), γ(h) = (D₁N₁(h•) + D₂N₂(h•) + D₃₊N₃₊(h•)) / Σ_w′ a(hw′),
///   where a is the raw count at the top order and the continuation count N1+(• g) below it (raw for n-grams starting
///   with &lt;s&gt;), h′ drops h's oldest token, D₁, D₂, D₃₊ per order come from counts of counts
///   (Y = n₁/(n₁ + 2n₂), D_j = j − (j + 1)·Y·n_(j+1)/n_j), and the recursion ends in the uniform 1/|V|.</item>
/// </list>
/// Contexts never reach across a sequence start (&lt;s&gt;). |V| counts every token that can be predicted:
/// the vocabulary with &lt;unk&gt; and &lt;/s&gt; (word mode), without &lt;s&gt;. See docs/ngram.md.
/// </summary>
public sealed partial class NGramModel
{
    private readonly NGramTables _tables;
    private readonly int[][] _used;        // [k] the counts level k predicts with (raw, or Kneser-Ney continuation)
    private readonly long[][] _contextTotal; // [k][prefix id] Σ used counts of its continuations
    private readonly int[][] _n1, _n2, _n3;  // [k][prefix id] continuations with used count 1, 2, ≥ 3
    private readonly double[][] _discounts;  // [k] D1, D2, D3+

    private NGramModel(TokenUnit unit, int order, Smoothing smoothing, float addK, int minCount, NGramVocabulary vocabulary, NGramTables tables)
    {
        (Unit, Order, Smoothing, AddK, MinCount, Vocabulary, _tables) = (unit, order, smoothing, addK, minCount, vocabulary, tables);
        _used = new int[order + 1][];
        _contextTotal = new long[order + 1][];
        _n1 = new int[order + 1][]; _n2 = new int[order + 1][]; _n3 = new int[order + 1][];
        _discounts = new double[order + 1][];
        for (int k = 1; k <= order; k++) PrepareLevel(k);
    }

    public TokenUnit Unit { get; }
    public int Order { get; }
    public Smoothing Smoothing { get; }
    public float AddK { get; }
    public int MinCount { get; }
    public NGramVocabulary Vocabulary { get; }

    /// <summary>Tokens that can be predicted: all but &lt;s&gt;.</summary>
    public int PredictableCount => Vocabulary.Count - 1;

    /// <summary>The discounts D1, D2, D3+ of level k (Kneser-Ney).</summary>
    public IReadOnlyList<double> Discounts(int k) => _discounts[k];

    public static void CheckOptions(int order, Smoothing smoothing, float addK, int minCount)
    {
        if (order < 1 || order > 10) throw new ArgumentException($"--order must be between 1 and 10, got {order}.");
        if (smoothing == Smoothing.AddK && !(addK > 0)) throw new ArgumentException($"--k must be positive for add-k smoothing, got {addK}.");
        if (minCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {minCount}.");
    }

    /// <summary>Counts a model from token sequences (sentences in word mode; the whole text as one sequence in char mode).</summary>
    public static NGramModel Train(IReadOnlyList<IReadOnlyList<string>> sequences, TokenUnit unit, int order, Smoothing smoothing,
        float addK = 1f, int minCount = 1)
    {
        CheckOptions(order, smoothing, addK, minCount);
        if (sequences.Sum(s => (long)s.Count) == 0) throw new ArgumentException("The training text has no tokens.");
        var vocabulary = NGramVocabulary.FromSequences(sequences, minCount);
        var ids = sequences.Select(s => s.Select(vocabulary.IdOf).ToArray()).ToList();
        var tables = NGramTables.Build(ids, order, vocabulary.Count, endMarker: unit == TokenUnit.Word);
        return new NGramModel(unit, order, smoothing, addK, minCount, vocabulary, tables);
    }

    /// <summary>Characters (as one sequence) or word sentences of a text.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Tokenize(string text, TokenUnit unit) => unit == TokenUnit.Char
        ? [text.EnumerateRunes().Select(r => r.ToString()).ToArray()]
        : WordTokenizer.Sentences(text);

    private void PrepareLevel(int k)
    {
        var keys = _tables.Keys[k];
        bool continuation = Smoothing == Smoothing.KneserNey && k < Order;
        var used = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
            used[i] = continuation && !_tables.StartsWithStart[k][i] ? _tables.LeftExtensions[k][i] : _tables.Counts[k][i];
        int contexts = k == 1 ? 1 : _tables.Keys[k - 1].Length;
        var total = new long[contexts];
        int[] n1 = new int[contexts], n2 = new int[contexts], n3 = new int[contexts];
        long[] countOfCounts = new long[5];
        for (int i = 0; i < keys.Length; i++)
        {
            long prefix = keys[i] / _tables.Width;
            int token = (int)(keys[i] % _tables.Width);
            if (token == NGramVocabulary.Start) continue;   // <s> is context only, never predicted
            int c = used[i];
            total[prefix] += c;
            if (c == 1) n1[prefix]++; else if (c == 2) n2[prefix]++; else if (c >= 3) n3[prefix]++;
            if (c <= 4) countOfCounts[c]++;
        }
        _used[k] = used;
        _contextTotal[k] = total;
        (_n1[k], _n2[k], _n3[k]) = (n1, n2, n3);
        _discounts[k] = EstimateDiscounts(countOfCounts);
    }

    // Chen & Goodman's estimates; with too few counts to estimate (tiny corpora) fall back to 0.5, 1.0, 1.5, and
    // keep each D_j within [0, j] so no probability goes negative.
    private static double[] EstimateDiscounts(long[] n)
    {
        double[] fallback = [0.5, 1.0, 1.5];
        if (n[1] == 0 || n[2] == 0 || n[3] == 0 || n[4] == 0) return fallback;
        double y = n[1] / (double)(n[1] + 2 * n[2]);
        double[] d = [1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3]];
        for (int j = 0; j < 3; j++) d[j] = double.IsFinite(d[j]) ? Math.Clamp(d[j], 0, j + 1) : fallback[j];
        return d;
    }

    /// <summary>p(token | context), context = the preceding tokens (oldest first, starting with &lt;s&gt;).</summary>
    public double Probability(ReadOnlySpan<int> context, int token)
    {
        if (token == NGramVocabulary.Start) return 0;
        int L = Math.Min(Order - 1, context.Length);
        if (Smoothing != Smoothing.KneserNey)
        {
            int hid = _tables.FindGram(context[^L..]);
            long total = hid < 0 ? 0 : _contextTotal[L + 1][hid];
            int found = hid < 0 ? -1 : _tables.Find(L + 1, hid, token);
            long c = found < 0 ? 0 : _used[L + 1][found];
            return Smoothing == Smoothing.AddK
                ? (c + (double)AddK) / (total + (double)AddK * PredictableCount)
                : total == 0 ? 0 : c / (double)total;
        }
        double p = 1.0 / PredictableCount;
        for (int k = 1; k <= L + 1; k++)
        {
            int hid = _tables.FindGram(context[^(k - 1)..]);
            if (hid < 0) break;                          // no longer context was ever seen
            long total = _contextTotal[k][hid];
            if (total == 0) break;                       // seen, but never continued at this order
            int found = _tables.Find(k, hid, token);
            int c = found < 0 ? 0 : _used[k][found];
            var d = _discounts[k];
            double gamma = (d[0] * _n1[k][hid] + d[1] * _n2[k][hid] + d[2] * _n3[k][hid]) / total;
            p = Math.Max(c - Discount(d, c), 0) / total + gamma * p;
        }
        return p;
    }

    /// <summary>p(· | context) over every token id at once (&lt;s&gt; gets 0): O(|V| + continuations).</summary>
    public void Distribution(ReadOnlySpan<int> context, Span<double> probabilities)
    {
        if (probabilities.Length != Vocabulary.Count) throw new ArgumentException($"Expected {Vocabulary.Count} slots, got {probabilities.Length}.");
        int L = Math.Min(Order - 1, context.Length);
        if (Smoothing != Smoothing.KneserNey)
        {
            int hid = _tables.FindGram(context[^L..]);
            long total = hid < 0 ? 0 : _contextTotal[L + 1][hid];
            double floor = Smoothing == Smoothing.AddK ? AddK / (total + (double)AddK * PredictableCount) : 0;
            double scale = Smoothing == Smoothing.AddK ? 1 / (total + (double)AddK * PredictableCount) : total == 0 ? 0 : 1.0 / total;
            probabilities.Fill(floor);
            if (hid >= 0) AddContinuations(L + 1, hid, (c, _) => c * scale, probabilities);
        }
        else
        {
            probabilities.Fill(1.0 / PredictableCount);
            for (int k = 1; k <= L + 1; k++)
            {
                int hid = _tables.FindGram(context[^(k - 1)..]);
                if (hid < 0) break;
                long total = _contextTotal[k][hid];
                if (total == 0) break;
                var d = _discounts[k];
                double gamma = (d[0] * _n1[k][hid] + d[1] * _n2[k][hid] + d[2] * _n3[k][hid]) / total;
                for (int i = 0; i < probabilities.Length; i++) probabilities[i] *= gamma;
                AddContinuations(k, hid, (c, _) => Math.Max(c - Discount(d, c), 0) / total, probabilities);
            }
        }
        probabilities[NGramVocabulary.Start] = 0;
    }

    private void AddContinuations(int k, int hid, Func<int, int, double> mass, Span<double> probabilities)
    {
        var (begin, end) = _tables.Continuations(k, hid);
        for (int i = begin; i < end; i++)
        {
            int token = (int)(_tables.Keys[k][i] % _tables.Width);
            if (token != NGramVocabulary.Start) probabilities[token] += mass(_used[k][i], token);
        }
    }

    private static double Discount(double[] d, int c) => c switch { 0 => 0, 1 => d[0], 2 => d[1], _ => d[2] };

    /// <summary>
    /// Cross-entropy and perplexity on held-out sequences: every token (and &lt;/s&gt; in word mode) is predicted from
    /// its context; tokens outside the vocabulary are scored as &lt;unk&gt; and counted.
    /// </summary>
    public PerplexityResult Evaluate(IEnumerable<IReadOnlyList<string>> sequences)
    {
        double logSum = 0;
        long tokens = 0, oov = 0, zero = 0;
        var context = new List<int>();
        foreach (var sequence in sequences)
        {
            context.Clear();
            context.Add(NGramVocabulary.Start);
            var ids = sequence.Select(t => { if (!Vocabulary.Contains(t)) oov++; return Vocabulary.IdOf(t); });
            if (Unit == TokenUnit.Word) ids = ids.Append(NGramVocabulary.End);
            foreach (int id in ids)
            {
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(context);
                double p = Probability(span[Math.Max(0, span.Length - (Order - 1))..], id);
                if (p > 0) logSum += Math.Log(p); else zero++;
                tokens++;
                context.Add(id);
            }
        }
        if (tokens == 0) throw new ArgumentException("The evaluation text has no tokens.");
        return new PerplexityResult(tokens, oov, zero, zero > 0 ? double.PositiveInfinity : -logSum / tokens);
    }

    /// <summary>Samples text token by token from p(· | last n − 1 tokens), starting from &lt;s&gt;.</summary>
    public string Sample(int length, Rng rng)
    {
        if (length < 0) throw new ArgumentException($"--length must be ≥ 0, got {length}.");
        var sb = new StringBuilder();
        var context = new List<int> { NGramVocabulary.Start };
        var p = new double[Vocabulary.Count];
        for (int produced = 0; produced < length; produced++)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(context);
            Distribution(span[Math.Max(0, span.Length - (Order - 1))..], p);
            double u = rng.NextDouble() * p.Sum(), acc = 0;
            int next = NGramVocabulary.End;
            for (int i = 0; i < p.Length; i++) { acc += p[i]; if (p[i] > 0 && u < acc) { next = i; break; } }
            if (Unit == TokenUnit.Word)
            {
                if (next == NGramVocabulary.End) { sb.Append('\n'); context.Clear(); context.Add(NGramVocabulary.Start); continue; }
                if (sb.Length > 0 && sb[^1] != '\n') sb.Append(' ');
            }
            sb.Append(Vocabulary[next]);
            context.Add(next);
        }
        return sb.ToString();
    }
}
