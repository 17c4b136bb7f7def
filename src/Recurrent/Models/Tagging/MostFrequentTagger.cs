using Recurrent.Data;

namespace Recurrent.Models.Tagging;

/// <summary>
/// The simplest baseline: each word gets the tag it had most often in training (ties: the more frequent tag overall).
/// A word seen only in another case is looked up lower-cased. An unseen word gets the most frequent tag among the
/// training words seen once (hapax legomena, the best guide to what unseen words are) that share its capitalisation and
/// last three letters; failing that, its capitalisation alone; failing that, the most frequent tag of all hapaxes.
/// </summary>
public sealed class MostFrequentTagger : ISentenceTagger
{
    private readonly Dictionary<string, string> _byWord, _byLowerWord, _bySuffix;
    private readonly Dictionary<bool, string> _byCapitalisation;
    private readonly string _fallback;

    public MostFrequentTagger(IEnumerable<TaggedSentence> training)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>();
        var lower = new Dictionary<string, Dictionary<string, int>>();
        var tagTotals = new Dictionary<string, int>();
        foreach (var s in training)
            for (int i = 0; i < s.Tokens.Count; i++)
            {
                Add(counts, s.Tokens[i], s.Tags[i]);
                Add(lower, s.Tokens[i].ToLowerInvariant(), s.Tags[i]);
                tagTotals[s.Tags[i]] = tagTotals.GetValueOrDefault(s.Tags[i]) + 1;
            }
        if (tagTotals.Count == 0) throw new ArgumentException("No tagged words to train on.");
        string Best(Dictionary<string, int> c) => c.MaxBy(kv => (kv.Value, tagTotals.GetValueOrDefault(kv.Key), kv.Key)).Key;
        _byWord = counts.ToDictionary(kv => kv.Key, kv => Best(kv.Value));
        _byLowerWord = lower.ToDictionary(kv => kv.Key, kv => Best(kv.Value));
        var hapaxes = counts.Where(kv => kv.Value.Values.Sum() == 1).Select(kv => (Word: kv.Key, Tag: kv.Value.Keys.First())).ToList();
        if (hapaxes.Count == 0) hapaxes = [.. counts.Select(kv => (Word: kv.Key, Tag: Best(kv.Value)))];
        _bySuffix = Group(hapaxes, h => Key(h.Word), Best);
        _byCapitalisation = Group(hapaxes, h => WordShape.IsCapitalised(h.Word), Best);
        _fallback = Best(hapaxes.GroupBy(h => h.Tag).ToDictionary(g => g.Key, g => g.Count()));
    }

    public string Name => "most-frequent";

    public string[] Tag(IReadOnlyList<string> words) => words.Select(TagWord).ToArray();

    public string TagWord(string word) =>
        _byWord.TryGetValue(word, out var t) ? t
        : _byLowerWord.TryGetValue(word.ToLowerInvariant(), out t) ? t
        : _bySuffix.TryGetValue(Key(word), out t) ? t
        : _byCapitalisation.TryGetValue(WordShape.IsCapitalised(word), out t) ? t
        : _fallback;

    private static string Key(string word) => (WordShape.IsCapitalised(word) ? "C:" : "l:") + WordShape.Suffix(word, 3);

    private static void Add(Dictionary<string, Dictionary<string, int>> counts, string word, string tag)
    {
        if (!counts.TryGetValue(word, out var c)) counts[word] = c = [];
        c[tag] = c.GetValueOrDefault(tag) + 1;
    }

    private static Dictionary<TKey, string> Group<TKey>(List<(string Word, string Tag)> items, Func<(string Word, string Tag), TKey> key,
        Func<Dictionary<string, int>, string> best) where TKey : notnull =>
        items.GroupBy(key).ToDictionary(g => g.Key, g => best(g.GroupBy(h => h.Tag).ToDictionary(h => h.Key, h => h.Count())));
}
