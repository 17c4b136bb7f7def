using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Seeded splits of a collection of items (train / validation / test, say). The rule, written once:
/// the distinct keys, in order of first appearance, are shuffled by an <see cref="Rng"/> seeded with the seed
/// (Fisher–Yates), and cut in that order into runs of round(Σ fractions so far × K) − round(Σ before × K) keys, K the
/// number of keys; each item goes to the split of its key. So items with one key (the variants of a CMUdict word, the
/// sentences of a document) never land in two splits, the same seed gives the same splits, and the fractions are of
/// keys, not items. Within a split the items keep their source order.
/// </summary>
public static class ItemSplit
{
    /// <summary>
    /// One list per fraction. Fractions are positive and sum to 1 (within 1e-9); a split that would get no key is an
    /// error rather than an empty evaluation set.
    /// </summary>
    public static IReadOnlyList<T>[] ByKey<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> keyOf, IReadOnlyList<double> fractions,
        ulong seed, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Count == 0) throw new ArgumentException("At least one split fraction is needed.");
        for (int s = 0; s < fractions.Count; s++)
            if (!(fractions[s] > 0) || !double.IsFinite(fractions[s]))
                throw new ArgumentException($"Split fraction {s} is {fractions[s]}; fractions must be positive.");
        double sum = fractions.Sum();
        if (Math.Abs(sum - 1) > 1e-9)
            throw new ArgumentException($"The split fractions ({string.Join(", ", fractions)}) sum to {sum}, not 1.");

        var keyIndex = new Dictionary<TKey, int>(comparer);
        var keyOfItem = new int[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var key = keyOf(items[i]);
            if (!keyIndex.TryGetValue(key, out int k)) keyIndex[key] = k = keyIndex.Count;
            keyOfItem[i] = k;
        }
        int keys = keyIndex.Count;
        var shuffled = Enumerable.Range(0, keys).ToArray();
        var rng = new Rng(seed);
        for (int i = keys - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        var splitOfKey = new int[keys];
        double cumulative = 0;
        int from = 0;
        for (int s = 0; s < fractions.Count; s++)
        {
            cumulative += fractions[s];
            int to = s == fractions.Count - 1 ? keys : (int)Math.Round(cumulative * keys, MidpointRounding.AwayFromZero);
            if (to <= from)
                throw new ArgumentException($"Split {s} (fraction {fractions[s]}) would be empty: {keys} distinct key{(keys == 1 ? " is" : "s are")} too few.");
            for (int r = from; r < to; r++) splitOfKey[shuffled[r]] = s;
            from = to;
        }

        var splits = Enumerable.Range(0, fractions.Count).Select(_ => new List<T>()).ToArray();
        for (int i = 0; i < items.Count; i++) splits[splitOfKey[keyOfItem[i]]].Add(items[i]);
        return splits;
    }

    /// <summary>Each item its own key: a seeded shuffle split of the items themselves.</summary>
    public static IReadOnlyList<T>[] Shuffled<T>(IReadOnlyList<T> items, IReadOnlyList<double> fractions, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        var indexed = items.Select((item, i) => (item, i)).ToList();
        return ByKey(indexed, p => p.i, fractions, seed).Select(s => (IReadOnlyList<T>)s.Select(p => p.item).ToList()).ToArray();
    }
}
