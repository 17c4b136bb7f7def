namespace Recurrent.Data;

/// <summary>
/// B numeric sequences of F features, of different lengths, zero-padded to the longest, T. Shapes: <see cref="Values"/>
/// (T, B, F) time-major, Values[(t·B + b)·F + f] = step t, feature f of column b, zero for t ≥ <see cref="Lengths"/>[b];
/// <see cref="Labels"/> (B). Column b is item <see cref="SourceIndices"/>[b] of the source, so predictions map back.
/// </summary>
public sealed class FeatureBatch
{
    internal FeatureBatch(int steps, int features, float[] values, int[] lengths, int[] sourceIndices, int[]? labels) =>
        (Steps, Features, Values, Lengths, SourceIndices, Labels) = (steps, features, values, lengths, sourceIndices, labels);

    /// <summary>T, the longest length in the batch.</summary>
    public int Steps { get; }

    /// <summary>F, the numbers of each step.</summary>
    public int Features { get; }

    /// <summary>B, the number of sequences (the last batch of an epoch may be smaller than the batch size).</summary>
    public int Size => Lengths.Length;

    /// <summary>(T, B, F) time-major values, zeros past each sequence's end.</summary>
    public float[] Values { get; }

    /// <summary>(B) the real length of each column, in [1, T], longest first.</summary>
    public int[] Lengths { get; }

    /// <summary>(B) the index in the source list of each column's sequence.</summary>
    public int[] SourceIndices { get; }

    /// <summary>(B) one label per sequence, or null when the batcher has none.</summary>
    public int[]? Labels { get; }
}
