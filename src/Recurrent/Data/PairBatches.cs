using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>
/// Batches of (source, target) id sequences for encoder-decoder training (letters → phones, say), bucketed by source
/// length, ties broken by target length (see <see cref="BatchOrder"/>), under the same cursor contract as
/// <see cref="PaddedBatches"/>. The special ids: &lt;s&gt; (start) begins every decoder input, &lt;/s&gt; (end) ends every
/// decoder target, &lt;pad&gt; fills sources and decoder inputs past their ends (decoder targets are padded with the
/// ignore index instead). They are three distinct ids ≥ 0, and none of them may occur in a source or a target: the
/// caller's vocabularies reserve them, the batcher adds them. A source has at least one id; a target may be empty
/// (its decoder steps are then &lt;s&gt; → &lt;/s&gt;). The batcher keeps the caller's arrays without copying them.
/// </summary>
public sealed class PairBatches : EpochBatches<PairBatch>
{
    private readonly IReadOnlyList<int[]> _sources;
    private readonly IReadOnlyList<int[]> _targets;

    /// <param name="sources">Encoder inputs, each of length ≥ 1.</param>
    /// <param name="targets">What the decoder should produce for each source, without markers; may be empty.</param>
    /// <param name="batchSize">B, pairs per batch.</param>
    /// <param name="startId">&lt;s&gt;, the first decoder input.</param>
    /// <param name="endId">&lt;/s&gt;, the last decoder target.</param>
    /// <param name="paddingId">&lt;pad&gt;, written past the end of sources and decoder inputs.</param>
    /// <param name="order">Shuffled for training; Sequential or ByLength for evaluation.</param>
    /// <param name="rng">The generator the shuffled order draws its seed from (64 bits, once, here); unused otherwise.</param>
    /// <param name="bucketBatches">Batches per sorting window.</param>
    public PairBatches(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, int batchSize, int startId, int endId, int paddingId,
        BatchOrder order, Rng? rng = null, int bucketBatches = 100)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count != targets.Count) throw new ArgumentException($"{sources.Count} sources but {targets.Count} targets.");
        if (startId < 0 || endId < 0 || paddingId < 0 || startId == endId || startId == paddingId || endId == paddingId)
            throw new ArgumentException($"<s>, </s> and <pad> must be three distinct ids ≥ 0, got {startId}, {endId} and {paddingId}.");
        (StartId, EndId, PaddingId, BatchSize) = (startId, endId, paddingId, batchSize);
        for (int i = 0; i < sources.Count; i++)
        {
            PaddedBatches.CheckIds(sources[i], $"Source {i}", paddingId);
            PaddedBatches.CheckIds(targets[i], $"Target {i}", paddingId, allowEmpty: true);
            foreach (var (ids, name) in new[] { (sources[i], "Source"), (targets[i], "Target") })
            {
                int at = Array.FindIndex(ids, id => id == startId || id == endId);
                if (at >= 0)
                    throw new ArgumentException($"{name} {i} holds {(ids[at] == startId ? "<s>" : "</s>")} (id {ids[at]}) at step {at}; the batcher adds the markers itself.");
            }
        }
        (_sources, _targets) = (sources, targets);
        var keys = Enumerable.Range(0, sources.Count).Select(i => ((long)sources[i].Length << 32) | (uint)targets[i].Length).ToArray();
        Schedule = new BatchSchedule(keys, batchSize, order, rng, bucketBatches, "pairs");
    }

    public int StartId { get; }

    public int EndId { get; }

    public int PaddingId { get; }

    /// <summary>The number of pairs.</summary>
    public int Count => _sources.Count;

    /// <summary>Real slots / padded slots, sources and decoder steps together, over the whole of <paramref name="epoch"/> (the cursor's by default).</summary>
    public double PaddingEfficiency(int? epoch = null)
    {
        long real = 0, slots = 0;
        foreach (var batch in Schedule.Plan(epoch ?? Cursor.Epoch))
        {
            int S = _sources[batch[0]].Length, T = batch.Max(i => _targets[i].Length) + 1;
            foreach (int i in batch) real += _sources[i].Length + _targets[i].Length + 1;
            slots += (long)(S + T) * batch.Length;
        }
        return (double)real / slots;
    }

    private protected override PairBatch Make(int[] items)
    {
        int B = items.Length, S = _sources[items[0]].Length, T = items.Max(i => _targets[i].Length) + 1;
        var sourceIds = new int[S * B];
        var inputs = new int[T * B];
        var outputs = new int[T * B];
        var sourceLengths = new int[B];
        var targetLengths = new int[B];
        Array.Fill(sourceIds, PaddingId);
        Array.Fill(inputs, PaddingId);
        Array.Fill(outputs, Loss.IgnoreIndex);
        for (int b = 0; b < B; b++)
        {
            int[] x = _sources[items[b]], y = _targets[items[b]];
            sourceLengths[b] = x.Length;
            targetLengths[b] = y.Length + 1;
            for (int s = 0; s < x.Length; s++) sourceIds[s * B + b] = x[s];
            // input_t = <s> at t = 0, y_{t−1} after;  output_t = y_t for t < n, </s> at t = n.
            inputs[b] = StartId;
            for (int t = 0; t < y.Length; t++) { inputs[(t + 1) * B + b] = y[t]; outputs[t * B + b] = y[t]; }
            outputs[y.Length * B + b] = EndId;
        }
        return new PairBatch(S, sourceIds, sourceLengths, T, inputs, outputs, targetLengths, (int[])items.Clone());
    }
}
