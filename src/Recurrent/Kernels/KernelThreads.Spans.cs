namespace Recurrent.Kernels;

/// <summary>
/// Parallel work on spans that the caller lends for one dispatch (the arguments of a public span API, which a job
/// object cannot keep in a field): each task gets them back as spans.
/// </summary>
internal interface IParallelSpanWork
{
    void Execute(int task, ReadOnlySpan<float> input, Span<float> output0, Span<float> output1);
}

public static partial class KernelThreads
{
    /// <summary>
    /// Runs tasks 0..taskCount-1 of <paramref name="work"/> as <see cref="Run(IParallelWork, int)"/> does, lending each
    /// the three spans: they stay pinned until every task has finished, so a worker thread sees them where they are.
    /// </summary>
    internal static unsafe void Run(IParallelSpanWork work, int taskCount, ReadOnlySpan<float> input, Span<float> output0, Span<float> output1)
    {
        var job = SpanJob.ForThisThread;
        if (job.InUse)
        {
            // Called again from inside one of this thread's span tasks: the job is taken, so run the tasks here.
            for (int t = 0; t < taskCount; t++) work.Execute(t, input, output0, output1);
            return;
        }
        fixed (float* pInput = input, pOutput0 = output0, pOutput1 = output1)
        {
            job.Set(work, pInput, input.Length, pOutput0, output0.Length, pOutput1, output1.Length);
            try { Run(job, taskCount); }
            finally { job.Set(null, null, 0, null, 0, null, 0); }
        }
    }

    private sealed unsafe class SpanJob : IParallelWork
    {
        [ThreadStatic] private static SpanJob? _forThisThread;
        public static SpanJob ForThisThread => _forThisThread ??= new SpanJob();

        private IParallelSpanWork? _work;
        private float* _input, _output0, _output1;
        private int _inputLength, _output0Length, _output1Length;

        public bool InUse => _work is not null;

        public void Set(IParallelSpanWork? work, float* input, int inputLength, float* output0, int output0Length,
            float* output1, int output1Length)
        {
            _work = work;
            _input = input; _inputLength = inputLength;
            _output0 = output0; _output0Length = output0Length;
            _output1 = output1; _output1Length = output1Length;
        }

        public void Execute(int task) => _work!.Execute(task, new ReadOnlySpan<float>(_input, _inputLength),
            new Span<float>(_output0, _output0Length), new Span<float>(_output1, _output1Length));
    }
}
