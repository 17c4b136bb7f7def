using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Batches of variable-length id sequences for classification (one label per sequence) and tagging (one label per
/// step), bucketed by length so that little is padded (<see cref="BatchOrder.Shuffled"/>: shuffle, sort by length
/// within windows of <c>bucketBatches</c> × B sequences, cut, shuffle the batches). Every epoch visits each sequence
/// exactly once; the last batch of an epoch holds the remainder and may be smaller. <see cref="EpochBatches{TBatch}.Cursor"/> is all a
/// checkpoint needs: a batcher made again from the same data, batch size, order and seed (an <see cref="Rng"/> in
/// the same state, from which 64 bits are drawn once, at construction) and given the cursor continues exactly.
/// The batcher keeps the caller's arrays and does not copy them: they must not change while it is in use.
/// </summary>
public sealed class PaddedBatches : EpochBatches<PaddedBatch>
{
    private readonly IReadOnlyList<int[]> _sequences;
    private readonly IReadOnlyList<int>? _labels;
    private readonly IReadOnlyList<int[]>? _stepLabels;

    /// <param name="sequences">The id sequences, each of length ≥ 1, ids ≥ 0 and none the padding id.</param>
    /// <param name="batchSize">B, sequences per batch.</param>
    /// <param name="paddingId">The id written past each sequence's end (≥ 0, so an embedding can look it up).</param>
    /// <param name="order">Shuffled for training; Sequential or ByLength for evaluation.</param>
    /// <param name="rng">The generator the shuffled order draws its seed from; unused (may be null) otherwise.</param>
    /// <param name="labels">One class per sequence (≥ 0), or null.</param>
    /// <param name="stepLabels">One class per step of each sequence (≥ 0), as long as it, or null.</param>
    /// <param name="bucketBatches">Batches per sorting window (100: batches of similar lengths, still well mixed).</param>
    public PaddedBatches(IReadOnlyList<int[]> sequences, int batchSize, int paddingId, BatchOrder order, Rng? rng = null,
        IReadOnlyList<int>? labels = null, IReadOnlyList<int[]>? stepLabels = null, int bucketBatches = 100)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (paddingId < 0) throw new ArgumentException($"The padding id must be ≥ 0 (an embedding row), got {paddingId}.");
        for (int i = 0; i < sequences.Count; i++) CheckIds(sequences[i], $"Sequence {i}", paddingId);
        if (labels is not null)
        {
            if (labels.Count != sequences.Count) throw new ArgumentException($"{sequences.Count} sequences but {labels.Count} labels.");
            for (int i = 0; i < labels.Count; i++)
                if (labels[i] < 0) throw new ArgumentException($"Label {labels[i]} of sequence {i} is negative; classes are 0, 1, ...");
        }
        if (stepLabels is not null)
        {
            if (stepLabels.Count != sequences.Count) throw new ArgumentException($"{sequences.Count} sequences but {stepLabels.Count} step-label sequences.");
            for (int i = 0; i < stepLabels.Count; i++)
            {
                if (stepLabels[i] is null || stepLabels[i].Length != sequences[i].Length)
                    throw new ArgumentException($"Sequence {i} has {sequences[i].Length} ids but {stepLabels[i]?.Length ?? 0} step labels.");
                int bad = Array.FindIndex(stepLabels[i], l => l < 0);
                if (bad >= 0) throw new ArgumentException($"Step label {stepLabels[i][bad]} at step {bad} of sequence {i} is negative; classes are 0, 1, ...");
            }
        }
        (_sequences, _labels, _stepLabels, PaddingId, BatchSize) = (sequences, labels, stepLabels, paddingId, batchSize);
        Schedule = new BatchSchedule(sequences.Select(s => (long)s.Length).ToArray(), batchSize, order, rng, bucketBatches, "sequences");
    }

    public int PaddingId { get; }

    /// <summary>The number of sequences.</summary>
    public int Count => _sequences.Count;

    /// <summary>Real tokens / padded slots over the whole of <paramref name="epoch"/> (the cursor's by default).</summary>
    public double PaddingEfficiency(int? epoch = null)
    {
        long real = 0, slots = 0;
        foreach (var batch in Schedule.Plan(epoch ?? Cursor.Epoch))
        {
            int longest = 0;
            foreach (int i in batch) { real += _sequences[i].Length; longest = Math.Max(longest, _sequences[i].Length); }
            slots += (long)longest * batch.Length;
        }
        return (double)real / slots;
    }

    private protected override PaddedBatch Make(int[] items)
    {
        int B = items.Length, T = _sequences[items[0]].Length;   // items stand longest first
        var ids = new int[T * B];
        var lengths = new int[B];
        var stepLabels = _stepLabels is null ? null : new int[T * B];
        Array.Fill(ids, PaddingId);
        if (stepLabels is not null) Array.Fill(stepLabels, Loss.IgnoreIndex);
        for (int b = 0; b < B; b++)
        {
            var sequence = _sequences[items[b]];
            lengths[b] = sequence.Length;
            for (int t = 0; t < sequence.Length; t++) ids[t * B + b] = sequence[t];
            if (stepLabels is not null)
                for (int t = 0; t < sequence.Length; t++) stepLabels[t * B + b] = _stepLabels![items[b]][t];
        }
        int[]? labels = _labels is null ? null : items.Select(i => _labels[i]).ToArray();
        return new PaddedBatch(T, ids, lengths, (int[])items.Clone(), labels, stepLabels);
    }

    /// <summary>A sequence is non-empty, its ids ≥ 0 and none of them the padding id (padding must tell itself apart).</summary>
    internal static void CheckIds(int[]? ids, string name, int paddingId, bool allowEmpty = false)
    {
        if (ids is null) throw new ArgumentException($"{name} is null.");
        if (ids.Length == 0 && !allowEmpty) throw new ArgumentException($"{name} is empty; every sequence needs at least one id.");
        for (int t = 0; t < ids.Length; t++)
        {
            if (ids[t] < 0) throw new ArgumentException($"{name} has the negative id {ids[t]} at step {t}.");
            if (ids[t] == paddingId) throw new ArgumentException($"{name} holds the padding id {paddingId} at step {t}.");
        }
    }
}
