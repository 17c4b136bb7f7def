namespace Recurrent.Kernels;

/// <summary>
/// sums[index[r]] += rows[r] for every row r (an embedding's backward, PyTorch's <c>index_add_</c>). The columns are
/// split across <see cref="KernelThreads"/>, so each sum is still accumulated in row order by one thread: the result
/// does not depend on the thread count.
/// </summary>
public static unsafe class ScatterAdd
{
    private const int MinimumColumnsPerTask = 128;

    /// <summary>Adds row r of <paramref name="rows"/> (index.Length × width) to row index[r] of <paramref name="sums"/>.</summary>
    public static void Rows(ReadOnlySpan<int> index, ReadOnlySpan<float> rows, int width, Span<float> sums)
    {
        if (rows.Length < (long)index.Length * width)
            throw new ArgumentException($"ScatterAdd: {index.Length} rows of {width} need {(long)index.Length * width} values, got {rows.Length}.");
        int targets = width == 0 ? 0 : sums.Length / width;
        foreach (int i in index)
            if ((uint)i >= (uint)targets) throw new ArgumentException($"ScatterAdd: index {i} is outside the {targets} target rows.");
        fixed (int* pIndex = index)
        fixed (float* pRows = rows, pSums = sums)
        {
            var job = Job.ForThisThread;
            (job.Index, job.Rows, job.Sums, job.Count, job.Width) = ((nint)pIndex, (nint)pRows, (nint)pSums, index.Length, width);
            int tasks = Math.Clamp(width / MinimumColumnsPerTask, 1, KernelThreads.Count);
            job.Chunk = (width / tasks + 7) / 8 * 8;
            KernelThreads.Run(job, (width + job.Chunk - 1) / job.Chunk);
        }
    }

    private sealed class Job : IParallelWork
    {
        [ThreadStatic] private static Job? _forThisThread;
        public static Job ForThisThread => _forThisThread ??= new Job();
        public nint Index, Rows, Sums;
        public int Count, Width, Chunk;

        public void Execute(int task)
        {
            int c0 = task * Chunk, n = Math.Min(Width, c0 + Chunk) - c0;
            int* index = (int*)Index;
            float* rows = (float*)Rows, sums = (float*)Sums;
            for (int r = 0; r < Count; r++)
            {
                var target = new Span<float>(sums + (long)index[r] * Width + c0, n);
                TensorPrimitives.Add(target, new ReadOnlySpan<float>(rows + (long)r * Width + c0, n), target);
            }
        }
    }
}
