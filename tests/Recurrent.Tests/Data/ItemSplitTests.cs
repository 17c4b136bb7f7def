using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>Seeded splits by key: items that share a key (variants of one word) always land in one split.</summary>
public sealed class ItemSplitTests
{
    /// <summary>1,000 words with 1 to 3 pronunciation variants each, as (word, variant).</summary>
    private static readonly IReadOnlyList<(string Word, int Variant)> Entries =
        Enumerable.Range(0, 1000).SelectMany(w => Enumerable.Range(0, 1 + w % 3).Select(v => ($"W{w}", v))).ToList();

    [Fact]
    public void No_key_is_in_two_splits_and_every_item_is_in_one()
    {
        var splits = ItemSplit.ByKey(Entries, e => e.Word, [0.9, 0.05, 0.05], seed: 42);
        var keysOf = splits.Select(s => s.Select(e => e.Word).ToHashSet()).ToArray();
        Assert.Empty(keysOf[0].Intersect(keysOf[1]));
        Assert.Empty(keysOf[0].Intersect(keysOf[2]));
        Assert.Empty(keysOf[1].Intersect(keysOf[2]));
        Assert.Equal(Entries.Order(), splits.SelectMany(s => s).Order());
        // The fractions are of keys: exactly 900, 50 and 50 of the 1,000 words.
        Assert.Equal([900, 50, 50], keysOf.Select(k => k.Count));
        // Within a split, source order.
        Assert.All(splits, s => Assert.Equal(s.OrderBy(e => int.Parse(e.Word[1..])).ThenBy(e => e.Variant), s));
    }

    [Fact]
    public void The_same_seed_gives_the_same_splits_and_another_seed_others()
    {
        var a = ItemSplit.ByKey(Entries, e => e.Word, [0.8, 0.2], seed: 1);
        var b = ItemSplit.ByKey(Entries, e => e.Word, [0.8, 0.2], seed: 1);
        var c = ItemSplit.ByKey(Entries, e => e.Word, [0.8, 0.2], seed: 2);
        Assert.Equal(a[1], b[1]);
        Assert.NotEqual(a[1], c[1]);
    }

    [Fact]
    public void A_key_comparer_groups_keys_that_differ_only_in_case()
    {
        string[] words = ["Apple", "apple", "APPLE", "pear", "plum", "fig"];
        var splits = ItemSplit.ByKey(words, w => w, [0.5, 0.5], seed: 3, StringComparer.OrdinalIgnoreCase);
        Assert.Single(splits, s => s.Contains("apple"));
        Assert.Equal(3, splits.Single(s => s.Contains("apple")).Count(w => w.Equals("apple", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void A_shuffled_split_is_a_split_by_item()
    {
        var items = Enumerable.Range(0, 20).ToArray();
        var splits = ItemSplit.Shuffled(items, [0.75, 0.25], seed: 5);
        Assert.Equal([15, 5], splits.Select(s => s.Count));
        Assert.Equal(items, splits.SelectMany(s => s).Order());
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.2 }, "The split fractions (0.9, 0.2) sum to 1.1, not 1.")]
    [InlineData(new[] { 1.2, -0.2 }, "Split fraction 1 is -0.2; fractions must be positive.")]
    [InlineData(new[] { 0.99, 0.01 }, "Split 1 (fraction 0.01) would be empty: 10 distinct keys are too few.")]
    public void Bad_fractions_are_one_line_errors(double[] fractions, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ItemSplit.ByKey(Enumerable.Range(0, 10).ToArray(), i => i, fractions, seed: 0));
        Assert.Equal(message, e.Message);
    }
}
