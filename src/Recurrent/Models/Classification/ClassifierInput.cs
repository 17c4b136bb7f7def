using Recurrent.Data;

namespace Recurrent.Models.Classification;

/// <summary>
/// One batch as the classifier reads it: B sequences padded to T steps, time-major, with their real lengths; either
/// token ids (T, B) or numeric values (T, B, F). Padded steps are never read as data: the recurrent layers stop at each
/// sequence's length and the pooling looks only at its real steps.
/// </summary>
public sealed record ClassifierInput(int Steps, int[] Lengths, int[]? Ids = null, float[]? Values = null)
{
    /// <summary>B, the sequences in the batch.</summary>
    public int Size => Lengths.Length;

    public static ClassifierInput Of(PaddedBatch batch) => new(batch.Steps, batch.Lengths, Ids: batch.Ids);

    public static ClassifierInput Of(FeatureBatch batch) => new(batch.Steps, batch.Lengths, Values: batch.Values);
}
