namespace Recurrent.Data;

/// <summary>
/// The order in which a batcher visits its items within an epoch. Every order visits each item exactly once, and
/// within a batch the items stand longest first (the order <c>pack_padded_sequence(enforce_sorted=True)</c> wants).
/// </summary>
public enum BatchOrder
{
    /// <summary>
    /// Training: the items are shuffled, sorted by length within windows of (bucket batches × batch size) consecutive
    /// items so that a batch holds items of similar length, cut into batches, and the batches shuffled. Each epoch
    /// shuffles anew; the order depends only on the seed drawn at construction and the epoch number.
    /// </summary>
    Shuffled,

    /// <summary>Evaluation: the items in source order, cut into consecutive batches (within a batch, longest first). No generator needed.</summary>
    Sequential,

    /// <summary>
    /// Evaluation with the least padding: all items sorted by length, longest first (ties in source order), cut into
    /// consecutive batches. No generator needed; <c>SourceIndices</c> map predictions back. Where all items have one
    /// length (series windows) it is <see cref="Sequential"/>.
    /// </summary>
    ByLength,
}
