using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// The batches of every epoch as lists of item indices, and the cursor through them; written once for every batcher
/// in Data/. An epoch's plan is a function of (seed, epoch) alone, so a cursor is all a checkpoint needs to resume.
/// Within a batch, items are ordered by sort key, largest (longest) first, ties in the order the plan met them.
/// </summary>
internal sealed class BatchSchedule
{
    private readonly long[] _sortKeys;
    private readonly int _batchSize;
    private readonly int _bucketBatches;
    private readonly BatchOrder _order;
    private readonly ulong _seed;
    private int[][] _plan = [];
    private int _planEpoch = -1;
    private BatchCursor _cursor;

    /// <summary>
    /// <paramref name="sortKeys"/>: one per item, larger for longer (bucketing and <see cref="BatchOrder.ByLength"/>
    /// sort by it). A shuffled schedule draws its seed from <paramref name="rng"/> once, here.
    /// </summary>
    public BatchSchedule(long[] sortKeys, int batchSize, BatchOrder order, Rng? rng, int bucketBatches, string items)
    {
        if (sortKeys.Length == 0) throw new ArgumentException($"No {items} to batch.");
        if (batchSize < 1) throw new ArgumentException($"The batch size must be at least 1, got {batchSize}.");
        if (bucketBatches < 1) throw new ArgumentException($"The bucket window must be at least 1 batch, got {bucketBatches}.");
        if (!Enum.IsDefined(order)) throw new ArgumentException($"Unknown batch order {(int)order}.");
        if (order == BatchOrder.Shuffled && rng is null) throw new ArgumentException("A shuffled order needs a random generator (rng).");
        (_sortKeys, _batchSize, _order, _bucketBatches) = (sortKeys, batchSize, order, bucketBatches);
        if (order == BatchOrder.Shuffled) _seed = ((ulong)rng!.NextUInt() << 32) | rng.NextUInt();
        BatchesPerEpoch = (sortKeys.Length + batchSize - 1) / batchSize;
    }

    public int Count => _sortKeys.Length;

    public int BatchesPerEpoch { get; }

    /// <summary>Setting validates: epoch ≥ 0 and position in [0, <see cref="BatchesPerEpoch"/>).</summary>
    public BatchCursor Cursor
    {
        get => _cursor;
        set
        {
            if (value.Epoch < 0 || value.Position < 0 || value.Position >= BatchesPerEpoch)
                throw new ArgumentException($"Cursor {value} is out of range: the epoch must be ≥ 0 and the position in [0, {BatchesPerEpoch}) " +
                    $"(this data has {BatchesPerEpoch} batches an epoch).");
            _cursor = value;
        }
    }

    /// <summary>The item indices of the batch at the cursor; the cursor moves on (to the next epoch after the last batch).</summary>
    public int[] Next()
    {
        var batch = Plan(_cursor.Epoch)[_cursor.Position];
        _cursor = _cursor.Position + 1 < BatchesPerEpoch ? _cursor with { Position = _cursor.Position + 1 } : new BatchCursor(_cursor.Epoch + 1, 0);
        return batch;
    }

    /// <summary>The batches that remain in the cursor's epoch (all of them at position 0).</summary>
    public int Remaining => BatchesPerEpoch - _cursor.Position;

    /// <summary>The whole plan of one epoch (the cached one when asked again).</summary>
    public IReadOnlyList<int[]> Plan(int epoch)
    {
        if (epoch != _planEpoch) (_plan, _planEpoch) = (Build(epoch), epoch);
        return _plan;
    }

    private int[][] Build(int epoch)
    {
        int n = _sortKeys.Length;
        var order = Enumerable.Range(0, n).ToArray();
        if (_order == BatchOrder.ByLength) order = SortedLongestFirst(order);
        if (_order != BatchOrder.Shuffled) return Cut(order);

        var rng = new Rng(EpochSeed(epoch));
        Shuffle(order, rng);
        int window = (int)Math.Min(n, (long)_bucketBatches * _batchSize);
        for (int start = 0; start < n; start += window)
        {
            int length = Math.Min(window, n - start);
            SortedLongestFirst(order.AsSpan(start, length).ToArray()).CopyTo(order, start);
        }
        var batches = Cut(order);
        Shuffle(batches, rng);
        return batches;
    }

    // Stable: LINQ's OrderBy keeps ties in the order given.
    private int[] SortedLongestFirst(int[] items) => items.OrderByDescending(i => _sortKeys[i]).ToArray();

    private int[][] Cut(int[] order)
    {
        var batches = new int[BatchesPerEpoch][];
        for (int k = 0; k < batches.Length; k++)
            batches[k] = SortedLongestFirst(order[(k * _batchSize)..Math.Min(order.Length, (k + 1) * _batchSize)]);
        return batches;
    }

    /// <summary>Fisher–Yates: every permutation equally likely.</summary>
    private static void Shuffle<T>(T[] items, Rng rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// A seed per epoch from the drawn seed: the splitmix64 finalizer of seed + (epoch + 1)·φ. (Seeding epoch e with
    /// seed + e·φ would not do: Rng's own splitmix64 would give consecutive epochs overlapping streams.)
    /// </summary>
    private ulong EpochSeed(int epoch)
    {
        ulong x = _seed + (ulong)(epoch + 1) * 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
