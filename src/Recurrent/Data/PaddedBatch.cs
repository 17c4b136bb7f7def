namespace Recurrent.Data;

/// <summary>
/// B id sequences of different lengths padded to the longest, T. Shapes: <see cref="Ids"/> (T, B) time-major,
/// <see cref="Ids"/>[t·B + b] the padding id for t ≥ <see cref="Lengths"/>[b]; <see cref="Labels"/> (B);
/// <see cref="StepLabels"/> (T, B), <see cref="Losses.Loss.IgnoreIndex"/> where padded, so the cross-entropy counts
/// real steps only. Column b is item <see cref="SourceIndices"/>[b] of the source, so predictions map back.
/// </summary>
public sealed class PaddedBatch
{
    internal PaddedBatch(int steps, int[] ids, int[] lengths, int[] sourceIndices, int[]? labels, int[]? stepLabels) =>
        (Steps, Ids, Lengths, SourceIndices, Labels, StepLabels) = (steps, ids, lengths, sourceIndices, labels, stepLabels);

    /// <summary>T, the longest length in the batch.</summary>
    public int Steps { get; }

    /// <summary>B, the number of sequences (the last batch of an epoch may be smaller than the batch size).</summary>
    public int Size => Lengths.Length;

    /// <summary>(T, B) time-major ids.</summary>
    public int[] Ids { get; }

    /// <summary>(B) the real length of each column, in [1, T], longest first.</summary>
    public int[] Lengths { get; }

    /// <summary>(B) the index in the source list of each column's sequence.</summary>
    public int[] SourceIndices { get; }

    /// <summary>(B) one label per sequence (classification), or null when the batcher has none.</summary>
    public int[]? Labels { get; }

    /// <summary>(T, B) one label per step (tagging), ignore index where padded, or null when the batcher has none.</summary>
    public int[]? StepLabels { get; }

    /// <summary>The real tokens, Σ lengths.</summary>
    public int RealTokens => Lengths.Sum();

    /// <summary>The slots of the padded batch, T·B.</summary>
    public int Slots => Steps * Size;

    /// <summary>Real tokens / padded slots, in (0, 1]: 1 when no slot is padding.</summary>
    public double PaddingEfficiency => (double)RealTokens / Slots;
}
