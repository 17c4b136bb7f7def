namespace Recurrent.Data;

/// <summary>
/// What every epoch-based batcher shares (<see cref="PaddedBatches"/>, <see cref="FeatureBatches"/>,
/// <see cref="PairBatches"/>, <see cref="SeriesWindows"/>): a <see cref="BatchSchedule"/> of item indices per epoch,
/// the cursor through it that a checkpoint stores, and the batch made from each list of items by the batcher.
/// </summary>
public abstract class EpochBatches<TBatch>
{
    /// <summary>The plan; each batcher sets it once, at the end of its constructor.</summary>
    private protected BatchSchedule Schedule = null!;

    public int BatchSize { get; private protected init; }

    /// <summary>⌈N / B⌉.</summary>
    public int BatchesPerEpoch => Schedule.BatchesPerEpoch;

    /// <summary>(epoch, batches of it handed out); set it to resume. Setting validates the range.</summary>
    public BatchCursor Cursor { get => Schedule.Cursor; set => Schedule.Cursor = value; }

    /// <summary>The batch at the cursor; the cursor moves on, into the next epoch after the last batch.</summary>
    public TBatch Next() => Make(Schedule.Next());

    /// <summary>The batches left in the cursor's epoch (all of it from position 0): an evaluation pass.</summary>
    public IEnumerable<TBatch> RestOfEpoch()
    {
        for (int k = Schedule.Remaining; k > 0; k--) yield return Next();
    }

    /// <summary>The batch of these items (longest first, as the schedule orders them).</summary>
    private protected abstract TBatch Make(int[] items);
}
