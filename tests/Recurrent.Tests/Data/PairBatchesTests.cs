using Recurrent.Data;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Tests.Data;

/// <summary>Source/target pairs for teacher-forced encoder-decoder training: decoder input = &lt;s&gt; + y, output = y + &lt;/s&gt;.</summary>
public sealed class PairBatchesTests
{
    private const int Pad = 0, Start = 1, End = 2, I = Loss.IgnoreIndex;

    private static (int[][] Sources, int[][] Targets) Pairs(int n, ulong seed)
    {
        var rng = new Rng(seed);
        int[] Ids(int length, int from) => Enumerable.Range(0, length).Select(t => from + t).ToArray();
        var sources = Enumerable.Range(0, n).Select(i => Ids(1 + rng.NextInt(15), 10 + i)).ToArray();
        var targets = sources.Select(s => Ids(rng.NextInt(s.Length + 3), 500)).ToArray();
        return (sources, targets);
    }

    [Fact]
    public void The_decoder_reads_start_then_the_target_and_predicts_the_target_then_end()
    {
        int[][] sources = [[20, 21], [22, 23, 24]];
        int[][] targets = [[30, 31, 32], []];
        var batch = new PairBatches(sources, targets, 2, Start, End, Pad, BatchOrder.Sequential).Next();
        Assert.Equal([1, 0], batch.SourceIndices);   // longest source first
        Assert.Equal(3, batch.SourceSteps);
        Assert.Equal([3, 2], batch.SourceLengths);
        Assert.Equal([22, 20,
                      23, 21,
                      24, Pad], batch.SourceIds);
        Assert.Equal(4, batch.TargetSteps);
        Assert.Equal([1, 4], batch.TargetLengths);
        Assert.Equal([Start, Start,
                      Pad, 30,
                      Pad, 31,
                      Pad, 32], batch.DecoderInputs);
        Assert.Equal([End, 30,
                      I, 31,
                      I, 32,
                      I, End], batch.DecoderTargets);
        Assert.Equal((5.0 + 5) / (7 * 2), batch.PaddingEfficiency, 12);
    }

    [Fact]
    public void Batches_are_bucketed_by_source_length_and_an_epoch_visits_every_pair_once()
    {
        var (sources, targets) = Pairs(400, 1);
        var batcher = new PairBatches(sources, targets, 10, Start, End, Pad, BatchOrder.Shuffled, new Rng(2), bucketBatches: 40);
        double planned = batcher.PaddingEfficiency();
        var epoch = batcher.RestOfEpoch().ToList();
        Assert.Equal(epoch.Sum(b => (double)(b.SourceLengths.Sum() + b.TargetLengths.Sum())) / epoch.Sum(b => (b.SourceSteps + b.TargetSteps) * b.Size), planned, 12);
        Assert.Equal(Enumerable.Range(0, 400), epoch.SelectMany(b => b.SourceIndices).Order());
        // 400 pairs sorted by a length in 1..15: a batch of 10 spans at most two neighbouring lengths.
        Assert.All(epoch, b => Assert.InRange(b.SourceLengths.Max() - b.SourceLengths.Min(), 0, 1));
        foreach (var b in epoch)
            for (int k = 0; k < b.Size; k++)
            {
                var y = targets[b.SourceIndices[k]];
                Assert.Equal(y.Length + 1, b.TargetLengths[k]);
                Assert.Equal(y, Enumerable.Range(0, y.Length).Select(t => b.DecoderTargets[t * b.Size + k]));
            }
    }

    [Fact]
    public void A_restored_cursor_continues_exactly_as_the_uninterrupted_run()
    {
        var (sources, targets) = Pairs(45, 3);
        PairBatches Make() => new(sources, targets, 4, Start, End, Pad, BatchOrder.Shuffled, new Rng(5), bucketBatches: 3);
        var straight = Make();
        var expected = Enumerable.Range(0, 30).Select(_ => straight.Next()).ToList();   // 12 batches an epoch
        var first = Make();
        for (int i = 0; i < 14; i++) first.Next();
        var resumed = Make();
        resumed.Cursor = BatchCursor.Parse(first.Cursor.ToString());
        Assert.Equal(new BatchCursor(1, 2), resumed.Cursor);
        for (int i = 14; i < expected.Count; i++)
        {
            var batch = resumed.Next();
            Assert.Equal(expected[i].SourceIndices, batch.SourceIndices);
            Assert.Equal(expected[i].DecoderInputs, batch.DecoderInputs);
        }
    }

    [Theory]
    [InlineData("markers", "<s>, </s> and <pad> must be three distinct ids ≥ 0, got 1, 1 and 0.")]
    [InlineData("count", "2 sources but 1 targets.")]
    [InlineData("source", "Source 1 is empty; every sequence needs at least one id.")]
    [InlineData("start", "Target 0 holds <s> (id 1) at step 1; the batcher adds the markers itself.")]
    [InlineData("end", "Source 1 holds </s> (id 2) at step 0; the batcher adds the markers itself.")]
    public void Bad_arguments_are_one_line_errors(string what, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => what switch
        {
            "markers" => new PairBatches([[5]], [[6]], 1, Start, Start, Pad, BatchOrder.Sequential),
            "count" => new PairBatches([[5], [6]], [[7]], 1, Start, End, Pad, BatchOrder.Sequential),
            "source" => new PairBatches([[5], []], [[7], [8]], 1, Start, End, Pad, BatchOrder.Sequential),
            "start" => new PairBatches([[5]], [[7, Start]], 1, Start, End, Pad, BatchOrder.Sequential),
            _ => new PairBatches([[5], [End]], [[7], [8]], 1, Start, End, Pad, BatchOrder.Sequential),
        });
        Assert.Equal(message, e.Message);
    }
}
