using Recurrent.Data;

namespace Recurrent.Models.Tagging;

/// <summary>
/// A second-order (trigram) hidden Markov model tagger in the manner of TnT (Brants 2000). Transitions are smoothed by
/// linear interpolation, P(t₃ | t₁, t₂) = λ₁ P̂(t₃) + λ₂ P̂(t₃ | t₂) + λ₃ P̂(t₃ | t₁, t₂), with λ set by deleted
/// interpolation; each sentence starts from two boundary tags and ends with a transition to one. Emissions of known
/// words are P̂(w | t) = f(w, t) / f(t); for unseen words, P(w | t) ∝ P(t | ending) / P(t) with the
/// <see cref="SuffixModel"/>. Decoding is exact Viterbi over pairs of tags, each word restricted to its candidate tags:
/// the tags it was seen with, or for an unseen word those its ending gives at least 1/1000 of the best one's probability.
/// </summary>
public sealed class HmmTagger : ISentenceTagger
{
    private readonly string[] _tags;
    private readonly int _n, _boundary;                       // tags 0..n−1; the boundary tag is n
    private readonly double[] _unigram;                       // P̂(t) over tags and boundary
    private readonly int[] _bigramContext, _tagCounts;
    private readonly int[,] _bigram;
    private readonly Dictionary<long, int> _trigram = [], _trigramContext = [];
    private readonly Dictionary<string, Dictionary<int, int>> _lexicon = [];
    private readonly SuffixModel _suffixes;
    private readonly double[] _tagProbability;                // P(t) over tags only, for the unseen-word inversion

    public HmmTagger(IReadOnlyList<TaggedSentence> training)
    {
        _tags = training.SelectMany(s => s.Tags).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (_tags.Length == 0) throw new ArgumentException("No tagged words to train on.");
        _n = _tags.Length;
        _boundary = _n;
        var index = _tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        _tagCounts = new int[_n + 1];
        _bigram = new int[_n + 1, _n + 1];
        _bigramContext = new int[_n + 1];
        long tokens = 0;
        foreach (var s in training)
        {
            int a = _boundary, b = _boundary;
            for (int i = 0; i <= s.Tokens.Count; i++)
            {
                int c = i < s.Tokens.Count ? index[s.Tags[i]] : _boundary;
                if (i < s.Tokens.Count)
                {
                    if (!_lexicon.TryGetValue(s.Tokens[i], out var tags)) _lexicon[s.Tokens[i]] = tags = [];
                    tags[c] = tags.GetValueOrDefault(c) + 1;
                }
                _tagCounts[c]++;
                _bigram[b, c]++;
                _bigramContext[b]++;
                Increment(_trigram, Key(a, b, c));
                Increment(_trigramContext, Key(a, b, 0));
                tokens++;
                (a, b) = (b, c);
            }
        }
        _unigram = _tagCounts.Select(c => (double)c / tokens).ToArray();
        (L1, L2, L3) = DeletedInterpolation(tokens);
        _tagProbability = _tagCounts.Take(_n).Select(c => (double)c / _tagCounts.Take(_n).Sum()).ToArray();
        _suffixes = new SuffixModel(_lexicon.Where(w => w.Value.Values.Sum() <= SuffixModel.MaxFrequency)
            .SelectMany(w => w.Value.SelectMany(t => Enumerable.Repeat((w.Key, t.Key), t.Value))), _n, _tagProbability);
    }

    public string Name => "hmm";

    /// <summary>The interpolation weights λ₁ (unigram), λ₂ (bigram), λ₃ (trigram); they sum to 1.</summary>
    public double L1 { get; }
    public double L2 { get; }
    public double L3 { get; }

    public IReadOnlyList<string> Tags => _tags;

    // Brants (2000), figure 1: each trigram's count goes to the λ whose estimate, with that trigram taken out, is largest.
    private (double, double, double) DeletedInterpolation(long tokens)
    {
        double l1 = 0, l2 = 0, l3 = 0;
        foreach (var (key, f) in _trigram)
        {
            int a = (int)(key >> 40), b = (int)((key >> 20) & 0xFFFFF), c = (int)(key & 0xFFFFF);
            double tri = Ratio(f - 1, _trigramContext.GetValueOrDefault(Key(a, b, 0)) - 1);
            double bi = Ratio(_bigram[b, c] - 1, _bigramContext[b] - 1);
            double uni = Ratio(_tagCounts[c] - 1, tokens - 1);
            if (tri >= bi && tri >= uni) l3 += f; else if (bi >= uni) l2 += f; else l1 += f;
        }
        double sum = l1 + l2 + l3;
        return sum > 0 ? (l1 / sum, l2 / sum, l3 / sum) : (1, 0, 0);
    }

    private static double Ratio(double a, double b) => b > 0 ? a / b : 0;

    /// <summary>log P(c | a, b), interpolated.</summary>
    public double LogTransition(int a, int b, int c)
    {
        double p = L1 * _unigram[c] + L2 * Ratio(_bigram[b, c], _bigramContext[b]);
        int context = _trigramContext.GetValueOrDefault(Key(a, b, 0));
        if (context > 0) p += L3 * (double)_trigram.GetValueOrDefault(Key(a, b, c)) / context;
        return Math.Log(p);
    }

    /// <summary>The candidate tags of a word and log P(w | t) (up to a constant per word) for each.</summary>
    public (int[] Tags, double[] LogEmission) Candidates(string word)
    {
        if (_lexicon.TryGetValue(word, out var seen))
        {
            var tags = seen.Keys.Order().ToArray();
            return (tags, tags.Select(t => Math.Log((double)seen[t] / _tagCounts[t])).ToArray());
        }
        var p = _suffixes.Probabilities(word);
        double best = p.Max();
        var chosen = Enumerable.Range(0, _n).Where(t => p[t] > 0 && p[t] >= best / 1000).ToArray();
        return (chosen, chosen.Select(t => Math.Log(p[t] / _tagProbability[t])).ToArray());
    }

    public bool IsKnown(string word) => _lexicon.ContainsKey(word);

    public string[] Tag(IReadOnlyList<string> words) => Decode(words).Select(t => _tags[t]).ToArray();

    /// <summary>
    /// Viterbi over pairs: δ_i(u, v) = max_w δ_{i−1}(w, u) + log P(v | w, u) + log P(word_i | v), with boundary tags
    /// before the first word, and log P(boundary | u, v) added after the last.
    /// </summary>
    public int[] Decode(IReadOnlyList<string> words)
    {
        int n = words.Count;
        if (n == 0) return [];
        var candidates = new (int[] Tags, double[] LogEmission)[n];
        for (int i = 0; i < n; i++) candidates[i] = Candidates(words[i]);
        int[] Prev(int i) => i < 0 ? [_boundary] : candidates[i].Tags;
        // delta[u, v]: u indexes Prev(i − 1), v indexes candidates[i]; back[i][u, v] = the best w (index into Prev(i − 2)).
        var delta = new double[1, candidates[0].Tags.Length];
        var back = new int[n][,];
        back[0] = new int[1, candidates[0].Tags.Length];
        for (int v = 0; v < candidates[0].Tags.Length; v++)
            delta[0, v] = LogTransition(_boundary, _boundary, candidates[0].Tags[v]) + candidates[0].LogEmission[v];
        for (int i = 1; i < n; i++)
        {
            int[] W = Prev(i - 2), U = Prev(i - 1), V = candidates[i].Tags;
            var next = new double[U.Length, V.Length];
            back[i] = new int[U.Length, V.Length];
            for (int u = 0; u < U.Length; u++)
                for (int v = 0; v < V.Length; v++)
                {
                    double best = double.NegativeInfinity;
                    int arg = 0;
                    for (int w = 0; w < W.Length; w++)
                    {
                        double score = delta[w, u] + LogTransition(W[w], U[u], V[v]);
                        if (score > best) (best, arg) = (score, w);
                    }
                    next[u, v] = best + candidates[i].LogEmission[v];
                    back[i][u, v] = arg;
                }
            delta = next;
        }
        int[] lastU = Prev(n - 2), lastV = candidates[n - 1].Tags;
        double top = double.NegativeInfinity;
        int bu = 0, bv = 0;
        for (int u = 0; u < lastU.Length; u++)
            for (int v = 0; v < lastV.Length; v++)
            {
                double score = delta[u, v] + LogTransition(lastU[u], lastV[v], _boundary);
                if (score > top) (top, bu, bv) = (score, u, v);
            }
        var path = new int[n];
        for (int i = n - 1; i >= 0; i--)
        {
            path[i] = candidates[i].Tags[bv];
            int w = back[i][bu, bv];
            (bu, bv) = (w, bu);
        }
        return path;
    }

    /// <summary>The joint log score Viterbi maximises, of one tag path (tag indexes) for the words: the spec it is tested against.</summary>
    public double LogScore(IReadOnlyList<string> words, IReadOnlyList<int> path)
    {
        double score = 0;
        int a = _boundary, b = _boundary;
        for (int i = 0; i < words.Count; i++)
        {
            var (tags, emission) = Candidates(words[i]);
            int k = Array.IndexOf(tags, path[i]);
            if (k < 0) return double.NegativeInfinity;
            score += LogTransition(a, b, path[i]) + emission[k];
            (a, b) = (b, path[i]);
        }
        return score + LogTransition(a, b, _boundary);
    }

    private static long Key(int a, int b, int c) => ((long)a << 40) | ((long)b << 20) | (long)c;

    private static void Increment(Dictionary<long, int> counts, long key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
