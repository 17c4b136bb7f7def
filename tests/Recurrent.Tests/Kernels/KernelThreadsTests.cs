using Recurrent.Kernels;

namespace Recurrent.Tests.Kernels;

// The stress test holds the dispatcher for most of a second, which turns every other test's dispatches inline
// meanwhile (a path the allocation test would then meet for the first time inside its window): it runs alone.
[CollectionDefinition("kernel threads", DisableParallelization = true)]
public sealed class KernelThreadsCollection;

/// <summary>Each task of a dispatch runs exactly once, and all have finished when the dispatch returns.</summary>
[Collection("kernel threads")]
public sealed class KernelThreadsTests
{
    private sealed class Counting : IParallelWork
    {
        public readonly int[] Counts = new int[8];

        public void Execute(int task)
        {
            Thread.SpinWait(20);
            Interlocked.Increment(ref Counts[task]);
        }
    }

    // A worker descheduled just as a 2-task job ran out of tasks must not take task 2 of the 7-task job that follows
    // (the race shows on a loaded machine: before the fix, a few tasks in 10⁵ dispatches ran twice or late).
    [Fact]
    public void Back_to_back_dispatches_run_each_task_once_and_finish_before_returning()
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 2;
            var small = new Counting();
            var large = new Counting();
            int wrong = 0;
            for (int i = 0; i < 20_000; i++)
                foreach (var (job, n) in new[] { (small, 2), (large, 7) })
                {
                    KernelThreads.Run(job, n);
                    for (int t = 0; t < job.Counts.Length; t++)
                    {
                        if (Volatile.Read(ref job.Counts[t]) != (t < n ? 1 : 0)) wrong++;
                        Volatile.Write(ref job.Counts[t], 0);
                    }
                }
            Assert.Equal(0, wrong);
        }
        finally { KernelThreads.Count = saved; }
    }

    // Task t writes input[t] + 1 to output0[t] and, when output1 is lent, input[t] + 2 to output1[t]; task 0 also lends
    // its own spans to a nested dispatch, which must run on its thread and leave the outer job's spans in place.
    private sealed class Copying : IParallelSpanWork
    {
        public bool Nest;

        public void Execute(int task, ReadOnlySpan<float> input, Span<float> output0, Span<float> output1)
        {
            if (Nest && task == 0)
            {
                Span<float> inner = stackalloc float[3];
                KernelThreads.Run(new Copying(), 3, [10f, 20f, 30f], inner, default);
                Assert.Equal([11f, 21f, 31f], inner.ToArray());
            }
            output0[task] = input[task] + 1;
            if (!output1.IsEmpty) output1[task] = input[task] + 2;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Lent_spans_reach_every_task(int threads)
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            const int n = 37;
            float[] input = [.. Enumerable.Range(0, n).Select(i => (float)i)];
            Span<float> output0 = stackalloc float[n], output1 = stackalloc float[n];
            KernelThreads.Run(new Copying { Nest = true }, n, input, output0, output1);
            Assert.Equal(input.Select(v => v + 1), output0.ToArray());
            Assert.Equal(input.Select(v => v + 2), output1.ToArray());

            output0.Clear();
            KernelThreads.Run(new Copying(), n, input, output0, default);
            Assert.Equal(input.Select(v => v + 1), output0.ToArray());
        }
        finally { KernelThreads.Count = saved; }
    }
}
