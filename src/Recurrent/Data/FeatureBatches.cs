using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Batches of variable-length numeric sequences (each step F numbers: sensor readings, rows of an image), bucketed by
/// length exactly as <see cref="PaddedBatches"/> buckets id sequences (the same <see cref="BatchOrder"/> rules and
/// <see cref="EpochBatches{TBatch}.Cursor"/>). A sequence is (T_i, F) row-major in one array. The batcher keeps the caller's arrays.
/// </summary>
public sealed class FeatureBatches : EpochBatches<FeatureBatch>
{
    private readonly IReadOnlyList<float[]> _sequences;
    private readonly IReadOnlyList<int>? _labels;

    /// <param name="sequences">Each (T_i, F) row-major, T_i ≥ 1.</param>
    /// <param name="features">F, the numbers of each step (≥ 1).</param>
    /// <param name="batchSize">B, sequences per batch.</param>
    /// <param name="order">Shuffled for training; Sequential or ByLength for evaluation.</param>
    /// <param name="rng">The generator the shuffled order draws its seed from; unused (may be null) otherwise.</param>
    /// <param name="labels">One class per sequence (≥ 0), or null.</param>
    /// <param name="bucketBatches">Batches per sorting window.</param>
    public FeatureBatches(IReadOnlyList<float[]> sequences, int features, int batchSize, BatchOrder order, Rng? rng = null,
        IReadOnlyList<int>? labels = null, int bucketBatches = 100)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (features < 1) throw new ArgumentException($"Features per step must be ≥ 1, got {features}.");
        for (int i = 0; i < sequences.Count; i++)
            if (sequences[i] is null || sequences[i].Length == 0 || sequences[i].Length % features != 0)
                throw new ArgumentException($"Sequence {i} has {sequences[i]?.Length ?? 0} numbers, not a positive multiple of {features} features.");
        if (labels is not null)
        {
            if (labels.Count != sequences.Count) throw new ArgumentException($"{sequences.Count} sequences but {labels.Count} labels.");
            for (int i = 0; i < labels.Count; i++)
                if (labels[i] < 0) throw new ArgumentException($"Label {labels[i]} of sequence {i} is negative; classes are 0, 1, ...");
        }
        (_sequences, _labels, Features, BatchSize) = (sequences, labels, features, batchSize);
        Schedule = new BatchSchedule(sequences.Select(s => (long)(s.Length / features)).ToArray(), batchSize, order, rng, bucketBatches, "sequences");
    }

    public int Features { get; }

    /// <summary>The number of sequences.</summary>
    public int Count => _sequences.Count;

    private protected override FeatureBatch Make(int[] items)
    {
        int B = items.Length, F = Features, T = _sequences[items[0]].Length / F;   // items stand longest first
        var values = new float[T * B * F];
        var lengths = new int[B];
        for (int b = 0; b < B; b++)
        {
            var sequence = _sequences[items[b]];
            lengths[b] = sequence.Length / F;
            for (int t = 0; t < lengths[b]; t++) sequence.AsSpan(t * F, F).CopyTo(values.AsSpan((t * B + b) * F, F));
        }
        int[]? labels = _labels is null ? null : items.Select(i => _labels[i]).ToArray();
        return new FeatureBatch(T, F, values, lengths, (int[])items.Clone(), labels);
    }
}
