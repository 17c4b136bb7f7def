using Recurrent.Data;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Tests.Data;

/// <summary>Variable-length id sequences in padded, length-bucketed, resumable batches.</summary>
public sealed class PaddedBatchesTests
{
    private const int Pad = 0;

    /// <summary>n sequences of random lengths in [1, maxLength]; sequence i holds ids 1000·i + 1 … (ids tell their source).</summary>
    private static int[][] Sequences(int n, int maxLength, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(i => Enumerable.Range(1, 1 + rng.NextInt(maxLength)).Select(t => 1000 * i + t).ToArray()).ToArray();
    }

    private static int[] Column(PaddedBatch batch, int b) =>
        Enumerable.Range(0, batch.Lengths[b]).Select(t => batch.Ids[t * batch.Size + b]).ToArray();

    [Fact]
    public void Batches_are_time_major_padded_past_each_length_longest_first()
    {
        int[][] sequences = [[5, 6], [7, 8, 9], [4]];
        var batcher = new PaddedBatches(sequences, batchSize: 3, paddingId: Pad, BatchOrder.Sequential);
        var batch = batcher.Next();
        Assert.Equal(3, batch.Steps);
        Assert.Equal([3, 2, 1], batch.Lengths);
        Assert.Equal([1, 0, 2], batch.SourceIndices);
        // (T, B): row t holds step t of every column.
        Assert.Equal([7, 5, 4,
                      8, 6, Pad,
                      9, Pad, Pad], batch.Ids);
        Assert.Equal(6.0 / 9, batch.PaddingEfficiency, 12);
    }

    [Fact]
    public void An_epoch_visits_every_sequence_exactly_once_and_the_last_batch_holds_the_remainder()
    {
        var sequences = Sequences(103, 20, 1);
        var batcher = new PaddedBatches(sequences, batchSize: 8, paddingId: Pad, BatchOrder.Shuffled, new Rng(7), bucketBatches: 4);
        Assert.Equal(13, batcher.BatchesPerEpoch);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var batches = batcher.RestOfEpoch().ToList();
            Assert.Equal(Enumerable.Range(0, 103), batches.SelectMany(b => b.SourceIndices).Order());
            Assert.Single(batches, b => b.Size == 103 % 8);
            foreach (var batch in batches)
                for (int b = 0; b < batch.Size; b++) Assert.Equal(sequences[batch.SourceIndices[b]], Column(batch, b));
            Assert.Equal(new BatchCursor(epoch + 1, 0), batcher.Cursor);
        }
    }

    [Fact]
    public void Bucketing_by_length_pads_far_less_than_random_batches()
    {
        var sequences = Sequences(2000, 50, 2);
        var bucketed = new PaddedBatches(sequences, 16, Pad, BatchOrder.Shuffled, new Rng(3), bucketBatches: 100);
        var unbucketed = new PaddedBatches(sequences, 16, Pad, BatchOrder.Shuffled, new Rng(3), bucketBatches: 1);
        // Uniform lengths 1..50 in random batches of 16: E[mean] / E[max] ≈ 25.5 / 47 ≈ 0.54.
        Assert.InRange(unbucketed.PaddingEfficiency(), 0.45, 0.65);
        Assert.True(bucketed.PaddingEfficiency() > 0.95, $"bucketed efficiency {bucketed.PaddingEfficiency():F3}");
        var measured = bucketed.RestOfEpoch().ToList();
        Assert.Equal(measured.Sum(b => (double)b.RealTokens) / measured.Sum(b => b.Slots), bucketed.PaddingEfficiency(0), 12);
        // The batches themselves are shuffled: the longest length goes up from one batch to the next about half the
        // time (in window order it would go down all along a window).
        int ups = measured.Zip(measured.Skip(1)).Count(p => p.Second.Steps > p.First.Steps);
        Assert.True(ups > measured.Count / 4, $"{ups} of {measured.Count - 1} steps up");
    }

    [Fact]
    public void A_restored_cursor_continues_exactly_as_the_uninterrupted_run()
    {
        var sequences = Sequences(50, 12, 4);
        int[] labels = Enumerable.Range(0, 50).Select(i => i % 3).ToArray();
        PaddedBatches Make() => new(sequences, 6, Pad, BatchOrder.Shuffled, new Rng(11), labels: labels, bucketBatches: 2);
        var straight = Make();
        var expected = Enumerable.Range(0, 30).Select(_ => straight.Next()).ToList();   // 9 batches an epoch: crosses 3 epochs

        foreach (int k in new[] { 0, 5, 9, 13 })
        {
            var first = Make();
            for (int i = 0; i < k; i++) first.Next();
            string saved = first.Cursor.ToString();
            var resumed = Make();
            resumed.Cursor = BatchCursor.Parse(saved);
            for (int i = k; i < expected.Count; i++)
            {
                var batch = resumed.Next();
                Assert.Equal(expected[i].SourceIndices, batch.SourceIndices);
                Assert.Equal(expected[i].Ids, batch.Ids);
                Assert.Equal(expected[i].Labels, batch.Labels);
            }
        }
    }

    [Fact]
    public void The_order_depends_on_the_seed_and_changes_every_epoch()
    {
        var sequences = Sequences(64, 10, 5);
        static int[] Epoch(PaddedBatches p) => p.RestOfEpoch().SelectMany(b => b.SourceIndices).ToArray();
        var a = new PaddedBatches(sequences, 4, Pad, BatchOrder.Shuffled, new Rng(1));
        var b = new PaddedBatches(sequences, 4, Pad, BatchOrder.Shuffled, new Rng(1));
        var c = new PaddedBatches(sequences, 4, Pad, BatchOrder.Shuffled, new Rng(2));
        int[] a0 = Epoch(a), b0 = Epoch(b), c0 = Epoch(c), a1 = Epoch(a);
        Assert.Equal(a0, b0);
        Assert.NotEqual(a0, c0);
        Assert.NotEqual(a0, a1);
    }

    [Fact]
    public void Evaluation_orders_are_deterministic_and_need_no_generator()
    {
        var sequences = Sequences(10, 9, 6);
        var sequential = new PaddedBatches(sequences, 4, Pad, BatchOrder.Sequential).RestOfEpoch().ToList();
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], sequential.Select(b => b.SourceIndices.Order().ToArray()));

        var byLength = new PaddedBatches(sequences, 4, Pad, BatchOrder.ByLength).RestOfEpoch().ToList();
        var lengths = byLength.SelectMany(b => b.Lengths).ToArray();
        Assert.Equal(lengths.OrderDescending(), lengths);
        Assert.Equal(byLength.SelectMany(b => b.SourceIndices).Select(i => sequences[i].Length), lengths);
        var again = new PaddedBatches(sequences, 4, Pad, BatchOrder.ByLength).RestOfEpoch().SelectMany(b => b.SourceIndices);
        Assert.Equal(byLength.SelectMany(b => b.SourceIndices), again);
    }

    [Fact]
    public void Labels_and_step_labels_travel_with_their_sequences()
    {
        int[][] sequences = [[1, 2], [3, 4, 5], [6]];
        int[][] tags = [[10, 11], [12, 13, 14], [15]];
        var tagging = new PaddedBatches(sequences, 3, Pad, BatchOrder.Sequential, stepLabels: tags).Next();
        int I = Loss.IgnoreIndex;
        Assert.Equal([12, 10, 15,
                      13, 11, I,
                      14, I, I], tagging.StepLabels!);
        Assert.Null(tagging.Labels);

        var classification = new PaddedBatches(sequences, 3, Pad, BatchOrder.Sequential, labels: [7, 8, 9]).Next();
        Assert.Equal([8, 7, 9], classification.Labels!);
        Assert.Null(classification.StepLabels);
    }

    [Theory]
    [InlineData("empty", "Sequence 1 is empty; every sequence needs at least one id.")]
    [InlineData("padding", "Sequence 0 holds the padding id 0 at step 1.")]
    [InlineData("negative", "Sequence 1 has the negative id -3 at step 0.")]
    [InlineData("labels", "2 sequences but 1 labels.")]
    [InlineData("tags", "Sequence 1 has 1 ids but 2 step labels.")]
    [InlineData("batch", "The batch size must be at least 1, got 0.")]
    [InlineData("rng", "A shuffled order needs a random generator (rng).")]
    [InlineData("none", "No sequences to batch.")]
    public void Bad_arguments_are_one_line_errors(string what, string message)
    {
        int[][] good = [[1, 2], [3]];
        var e = Assert.Throws<ArgumentException>(() => what switch
        {
            "empty" => new PaddedBatches([[1], []], 2, Pad, BatchOrder.Sequential),
            "padding" => new PaddedBatches([[1, 0]], 2, Pad, BatchOrder.Sequential),
            "negative" => new PaddedBatches([[1], [-3]], 2, Pad, BatchOrder.Sequential),
            "labels" => new PaddedBatches(good, 2, Pad, BatchOrder.Sequential, labels: [1]),
            "tags" => new PaddedBatches(good, 2, Pad, BatchOrder.Sequential, stepLabels: [[1, 1], [1, 1]]),
            "batch" => new PaddedBatches(good, 0, Pad, BatchOrder.Sequential),
            "rng" => new PaddedBatches(good, 2, Pad, BatchOrder.Shuffled),
            _ => new PaddedBatches([], 2, Pad, BatchOrder.Sequential),
        });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_cursor_outside_the_data_is_refused()
    {
        var batcher = new PaddedBatches([[1], [2], [3]], 2, Pad, BatchOrder.Sequential);
        var e = Assert.Throws<ArgumentException>(() => batcher.Cursor = new BatchCursor(0, 2));
        Assert.Equal("Cursor 0:2 is out of range: the epoch must be ≥ 0 and the position in [0, 2) (this data has 2 batches an epoch).", e.Message);
    }

    [Fact]
    public void A_cursor_reads_back_what_it_writes_and_refuses_anything_else()
    {
        Assert.Equal(new BatchCursor(12, 345), BatchCursor.Parse(new BatchCursor(12, 345).ToString()));
        var e = Assert.Throws<ArgumentException>(() => BatchCursor.Parse("3:-1"));
        Assert.Equal("'3:-1' is not a batch cursor (expected EPOCH:POSITION, two non-negative integers).", e.Message);
    }
}
