namespace Recurrent.Models.Tagging;

/// <summary>
/// TnT's model of unseen words (Brants 2000, after Samuelsson 1993): the tag distribution of rare training words
/// (frequency ≤ 10) that end in the same letters, from the longest ending seen (up to 10 letters) back to none,
/// smoothed ending by ending: P(t | l_{n−i+1} … l_n) = (P̂(t | l_{n−i+1} … l_n) + θ·P(t | l_{n−i+2} … l_n)) / (1 + θ),
/// where θ is the standard deviation of the tags' unconditional probabilities. Capitalised and other words keep
/// separate statistics, as in TnT.
/// </summary>
internal sealed class SuffixModel
{
    public const int MaxSuffix = 10, MaxFrequency = 10;
    private readonly Dictionary<string, int[]>[] _counts = [[], []];        // [capitalised] suffix → counts per tag
    private readonly int _tags;
    private readonly double _theta;

    public SuffixModel(IEnumerable<(string Word, int Tag)> rareWords, int tagCount, double[] tagProbabilities)
    {
        _tags = tagCount;
        foreach (var (word, tag) in rareWords)
        {
            var table = _counts[WordShape.IsCapitalised(word) ? 1 : 0];
            for (int i = 0; i <= Math.Min(MaxSuffix, word.Length); i++)
            {
                string suffix = i == 0 ? "" : WordShape.Suffix(word, i);
                if (!table.TryGetValue(suffix, out var c)) table[suffix] = c = new int[tagCount + 1];  // last: total
                c[tag]++;
                c[tagCount]++;
            }
        }
        double mean = 1.0 / tagCount;
        _theta = tagCount > 1 ? Math.Sqrt(tagProbabilities.Sum(p => (p - mean) * (p - mean)) / (tagCount - 1)) : 1;
    }

    /// <summary>P(t | the word's ending) for every tag t (sums to 1); uniform if no rare word was seen.</summary>
    public double[] Probabilities(string word)
    {
        var table = _counts[WordShape.IsCapitalised(word) ? 1 : 0];
        if (table.Count == 0) table = _counts[1 - (WordShape.IsCapitalised(word) ? 1 : 0)];
        var p = new double[_tags];
        if (!table.TryGetValue("", out var root)) { Array.Fill(p, 1.0 / _tags); return p; }
        for (int t = 0; t < _tags; t++) p[t] = (double)root[t] / root[_tags];
        for (int i = 1; i <= Math.Min(MaxSuffix, word.Length); i++)
        {
            if (!table.TryGetValue(WordShape.Suffix(word, i), out var c)) break;
            for (int t = 0; t < _tags; t++) p[t] = ((double)c[t] / c[_tags] + _theta * p[t]) / (1 + _theta);
        }
        return p;
    }
}
