using System.Diagnostics;
using Recurrent.Kernels;
using Recurrent.Tensors;

// Micro-benchmarks of Recurrent's kernels. Usage: dotnet run -c Release --project benchmarks/Recurrent.Benchmarks -- gemm
// (The side-by-side comparison with PyTorch is a separate workload list; see docs/benchmarks.md.)
var what = args.Length > 0 ? args[0] : "gemm";
switch (what)
{
    case "gemm": GemmBenchmark.Run(); break;
    default: Console.Error.WriteLine($"Unknown benchmark '{what}'. Known: gemm"); return 2;
}
return 0;

static class GemmBenchmark
{
    // (M, N, K, transB, what it stands for)
    private static readonly (int M, int N, int K, bool TransB, string Name)[] Shapes =
    [
        (2048, 2048, 2048, false, "2048³"),
        (32, 1024, 256, true, "32×256×1024 recurrent step (h·W_hhᵀ)"),
        (2048, 1024, 256, true, "2048×256×1024 input projection (X·W_ihᵀ)"),
    ];

    public static void Run()
    {
        Console.WriteLine($"GEMM, float32, {(Gemm.IsAccelerated ? "AVX2/FMA" : "scalar fallback")}, {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"{"shape",-44} {"threads",7} {"median ms",10} {"GFLOP/s",9}");
        foreach (var s in Shapes)
            foreach (var threads in new[] { 1, 2 })
            {
                KernelThreads.Count = threads;
                var rng = new Rng(1);
                var a = new float[s.M * s.K]; var b = new float[s.K * s.N]; var c = new float[s.M * s.N];
                rng.FillUniform(a, -1, 1); rng.FillUniform(b, -1, 1);
                int ldb = s.TransB ? s.K : s.N;
                void Once() => Gemm.Multiply(false, s.TransB, s.M, s.N, s.K, 1f, a, s.K, b, ldb, 0f, c, s.N);
                double ms = Measure(Once, minSeconds: 1.0);
                double gflops = 2.0 * s.M * s.N * s.K / (ms * 1e6);
                Console.WriteLine($"{s.Name,-44} {threads,7} {ms,10:F3} {gflops,9:F1}");
            }
        KernelThreads.Count = Environment.ProcessorCount;
    }

    // Median of repeated timings after warm-up; repetitions fill about minSeconds.
    public static double Measure(Action action, double minSeconds)
    {
        for (int i = 0; i < 3; i++) action();
        var sw = Stopwatch.StartNew();
        action();
        double once = sw.Elapsed.TotalSeconds;
        int reps = Math.Clamp((int)(minSeconds / Math.Max(once, 1e-6)), 5, 2000);
        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            sw.Restart();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[reps / 2];
    }
}
