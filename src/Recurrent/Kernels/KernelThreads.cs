using System.Diagnostics;

namespace Recurrent.Kernels;

/// <summary>A piece of parallel work: tasks 0..count-1, each run exactly once on some thread.</summary>
internal interface IParallelWork
{
    void Execute(int task);
}

/// <summary>
/// The kernels' persistent worker threads. A dispatch publishes a job; the caller and the workers take tasks from
/// one shared counter, so a worker that the OS has descheduled (another process took its core) simply gets fewer
/// tasks instead of stalling everyone (the failure of barrier-style OpenMP loops on a shared machine).
/// Idle workers spin for a short while (a time step's gap between two GEMMs), then block.
/// </summary>
public static partial class KernelThreads
{
    private const long SpinMicroseconds = 100;

    private static int _count = Environment.ProcessorCount;
    private static readonly object Gate = new();
    private static readonly List<Thread> Workers = [];
    private static int _dispatching;   // 1 while a job is out: nested or concurrent callers run inline

    // (generation << 32) | next task index. Packing both in one word lets a late worker never run a stale task.
    private static long _state;
    private static IParallelWork? _job;
    private static int _taskCount;
    private static int _remaining;

    /// <summary>Threads the kernels use, the caller included (default: one per logical core).</summary>
    public static int Count
    {
        get => _count;
        set => _count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");
    }

    /// <summary>Runs tasks 0..taskCount-1 of <paramref name="work"/> on up to <see cref="Count"/> threads and returns when all are done.</summary>
    internal static void Run(IParallelWork work, int taskCount)
    {
        if (taskCount <= 0) return;
        if (taskCount == 1 || _count == 1 || Interlocked.CompareExchange(ref _dispatching, 1, 0) != 0)
        {
            for (int t = 0; t < taskCount; t++) work.Execute(t);
            return;
        }
        long generation = 0;
        try
        {
            EnsureWorkers(_count - 1);
            _job = work;
            _taskCount = taskCount;
            Volatile.Write(ref _remaining, taskCount);
            generation = (Volatile.Read(ref _state) >> 32) + 1;
            lock (Gate)
            {
                Interlocked.Exchange(ref _state, generation << 32);
                Monitor.PulseAll(Gate);
            }
            RunTasks(generation);
            WaitForCompletion();
        }
        finally
        {
            // Close this generation's counter. A worker that read it just before the last task was taken, and was then
            // descheduled, would otherwise claim a task of the next job (published in _job and _taskCount before its
            // generation) under this generation's counter: that task ran twice and the next Run returned early.
            if (generation != 0) Interlocked.Exchange(ref _state, (generation << 32) | int.MaxValue);
            _job = null;
            Volatile.Write(ref _dispatching, 0);
        }
    }

    private static void RunTasks(long generation)
    {
        while (true)
        {
            long s = Volatile.Read(ref _state);
            if (s >> 32 != generation) return;
            int index = (int)s;
            var job = _job;
            if (index >= Volatile.Read(ref _taskCount) || job is null) return;
            if (Interlocked.CompareExchange(ref _state, s + 1, s) != s) continue;
            try { job.Execute(index); }
            finally
            {
                if (Interlocked.Decrement(ref _remaining) == 0)
                    lock (Gate) Monitor.PulseAll(Gate);
            }
        }
    }

    private static void WaitForCompletion()
    {
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        while (Volatile.Read(ref _remaining) > 0)
        {
            if (Stopwatch.GetTimestamp() < deadline) { Thread.SpinWait(8); continue; }
            lock (Gate)
                while (Volatile.Read(ref _remaining) > 0) Monitor.Wait(Gate);
        }
    }

    private static void EnsureWorkers(int wanted)
    {
        if (Workers.Count >= wanted) return;
        lock (Workers)
        {
            while (Workers.Count < wanted)
            {
                var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"Recurrent kernel worker {Workers.Count + 1}" };
                Workers.Add(thread);
                thread.Start(Workers.Count);
            }
        }
    }

    private static void WorkerLoop(object? id)
    {
        int workerIndex = (int)id!;          // worker k joins only while Count > k
        long seen = Volatile.Read(ref _state) >> 32;
        while (true)
        {
            long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
            while (Volatile.Read(ref _state) >> 32 == seen)
            {
                if (Stopwatch.GetTimestamp() < deadline) { Thread.SpinWait(8); continue; }
                lock (Gate)
                    while (Volatile.Read(ref _state) >> 32 == seen) Monitor.Wait(Gate);
            }
            seen = Volatile.Read(ref _state) >> 32;
            if (workerIndex < _count) RunTasks(seen);
        }
    }
}
