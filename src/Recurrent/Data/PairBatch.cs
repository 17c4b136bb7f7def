namespace Recurrent.Data;

/// <summary>
/// B source/target pairs for an encoder-decoder, teacher-forced. Shapes, S the longest source and T the longest
/// target + 1: <see cref="SourceIds"/> (S, B), padded with the padding id past <see cref="SourceLengths"/>[b];
/// <see cref="DecoderInputs"/> (T, B) = &lt;s&gt; y₁ … yₙ then the padding id; <see cref="DecoderTargets"/> (T, B) =
/// y₁ … yₙ &lt;/s&gt; then <see cref="Losses.Loss.IgnoreIndex"/>, so that step t's input is the target before it and the
/// cross-entropy counts every real token and the end marker, never padding. <see cref="TargetLengths"/>[b] = n + 1.
/// </summary>
public sealed class PairBatch
{
    internal PairBatch(int sourceSteps, int[] sourceIds, int[] sourceLengths, int targetSteps, int[] decoderInputs,
        int[] decoderTargets, int[] targetLengths, int[] sourceIndices) =>
        (SourceSteps, SourceIds, SourceLengths, TargetSteps, DecoderInputs, DecoderTargets, TargetLengths, SourceIndices) =
        (sourceSteps, sourceIds, sourceLengths, targetSteps, decoderInputs, decoderTargets, targetLengths, sourceIndices);

    /// <summary>B, the number of pairs.</summary>
    public int Size => SourceLengths.Length;

    /// <summary>S, the longest source.</summary>
    public int SourceSteps { get; }

    /// <summary>(S, B) time-major source ids.</summary>
    public int[] SourceIds { get; }

    /// <summary>(B) source lengths, in [1, S], longest first.</summary>
    public int[] SourceLengths { get; }

    /// <summary>T, the longest target + 1 (for &lt;s&gt; in the input, &lt;/s&gt; in the output).</summary>
    public int TargetSteps { get; }

    /// <summary>(T, B) &lt;s&gt; + target, padded with the padding id.</summary>
    public int[] DecoderInputs { get; }

    /// <summary>(T, B) target + &lt;/s&gt;, padded with the ignore index.</summary>
    public int[] DecoderTargets { get; }

    /// <summary>(B) target length + 1: the decoder steps of each pair.</summary>
    public int[] TargetLengths { get; }

    /// <summary>(B) the index of each column's pair in the source list.</summary>
    public int[] SourceIndices { get; }

    /// <summary>Real slots / padded slots over source and decoder steps together: (Σ S_b + Σ T_b) / ((S + T)·B).</summary>
    public double PaddingEfficiency => (double)(SourceLengths.Sum() + TargetLengths.Sum()) / ((SourceSteps + TargetSteps) * Size);
}
