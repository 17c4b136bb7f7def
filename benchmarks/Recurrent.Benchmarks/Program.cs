using System.Diagnostics;
using Recurrent.Kernels;
using Recurrent.Tensors;

// Benchmarks. Usage: dotnet run -c Release --project benchmarks/Recurrent.Benchmarks -- compare [--json FILE] [--markdown FILE]
// (side by side with PyTorch, docs/benchmarks.md); -- gemm [--markdown FILE] (GEMM GFLOP/s, docs/gemm.md); -- train-step;
// -- time WORKLOAD [THREADS] (one workload, Recurrent only).
var what = args.Length > 0 ? args[0] : "gemm";
string? markdown = args.SkipWhile(a => a != "--markdown").Skip(1).FirstOrDefault();
switch (what)
{
    case "gemm": GemmBenchmark.Run(markdown); break;
    case "train-step": TrainStepBenchmark.Run(args.Skip(1).ToArray()); break;
    case "compare": return Compare.Run(args.Skip(1).ToArray());
    case "peak-memory": return Compare.PeakMemory(args[1]);
    case "time": TimeWorkload(args[1], args.Length > 2 ? int.Parse(args[2]) : Environment.ProcessorCount); break;
    default: Console.Error.WriteLine($"Unknown benchmark '{what}'. Known: compare, gemm, train-step, time"); return 2;
}
return 0;

// time WORKLOAD [THREADS]: one workload of the side-by-side table alone, Recurrent only (the median of 7 runs after at
// least 3 runs and 2 s of warm-up, so that the tiered JIT has promoted the hot code).
static void TimeWorkload(string name, int threads)
{
    KernelThreads.Count = threads;
    var run = Workloads.Build(name);
    var warm = Stopwatch.StartNew();
    for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 2; i++) run();
    long bytes = GC.GetTotalAllocatedBytes(precise: true);
    int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    var ms = Enumerable.Range(0, 7).Select(_ => { var sw = Stopwatch.StartNew(); run(); return sw.Elapsed.TotalMilliseconds; }).Order().ToArray();
    double allocated = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / 7.0 / (1 << 20);
    string gcs = string.Join("/", Enumerable.Range(0, 3).Select(g => ((GC.CollectionCount(g) - collections[g]) / 7.0).ToString("F1")));
    Console.WriteLine($"{name} at {threads} thread(s): median {ms[3]:F2} ms (min {ms[0]:F2}, max {ms[^1]:F2}), {Workloads.Flops(name) / ms[3] / 1e6:F1} GFLOP/s; " +
        $"{allocated:F1} MB allocated and {gcs} collections (gen 0/1/2) per run");
}

static class TrainStepBenchmark
{
    // Usage: train-step [cell] [hidden] [layers] [batch] [seq] [threads, default both 2 and 1]
    public static void Run(string[] a)
    {
        string cell = a.Length > 0 ? a[0] : "lstm";
        int hidden = a.Length > 1 ? int.Parse(a[1]) : 256, layers = a.Length > 2 ? int.Parse(a[2]) : 2;
        int batch = a.Length > 3 ? int.Parse(a[3]) : 32, seq = a.Length > 4 ? int.Parse(a[4]) : 64;
        var text = string.Concat(Enumerable.Range(0, 20000).Select(i => (char)('a' + (i * 7919 % 65) % 26)));
        var data = Recurrent.Models.LanguageModeling.LanguageModelData.FromCharacters(text, 0.1);
        var trainer = Recurrent.Training.Trainer.Start(new Recurrent.Training.TrainingConfig { Batch = batch, Steps = 100000 },
            rng => new Recurrent.Models.LanguageModeling.LanguageModelTask(new Recurrent.Models.LanguageModeling.LanguageModelConfig(cell, 0, hidden, hidden, layers, 0.1f),
                new Recurrent.Models.LanguageModeling.LanguageModelTaskConfig { SeqLen = seq, Bptt = "random" }, batch, data, rng));
        int[] threadCounts = a.Length > 5 ? [int.Parse(a[5])] : [2, 1];
        foreach (var threads in threadCounts)
        {
            KernelThreads.Count = threads;
            double ms = GemmBenchmark.Measure(() => trainer.TrainStep(), 3.0);
            Console.WriteLine($"{cell} H={hidden} L={layers} B={batch} T={seq} threads={threads}: {ms:F2} ms/step, {batch * seq / ms * 1000:F0} tokens/s");
        }
    }
}

static class GemmBenchmark
{
    // (M, N, K, transB, what it stands for)
    private static readonly (int M, int N, int K, bool TransB, bool Prepacked, string Name)[] Shapes =
    [
        (2048, 2048, 2048, false, false, "2048³"),
        (32, 1024, 256, true, false, "32×256×1024 recurrent step, h·W_hhᵀ"),
        (32, 1024, 256, true, true, "32×256×1024 same, W_hh packed once (as layers do)"),
        (2048, 1024, 256, true, false, "2048×256×1024 input projection, X·W_ihᵀ"),
    ];

    public static void Run(string? markdownPath)
    {
        var rows = new List<string>();
        int[] widths = VectorWidth.Supports512 ? [256, 512] : [256];
        var ceiling = FmaCeiling.Measure();
        Console.WriteLine($"GEMM, float32, {(Gemm.IsAccelerated ? "AVX2/FMA" : "scalar fallback")}, {Environment.ProcessorCount} logical cores; " +
            $"default width {VectorWidth.Bits} bits ({VectorWidth.Reason})");
        Console.WriteLine(ceiling.Describe());
        Console.WriteLine($"{"shape",-52} {"threads",7} {"bits",5} {"median ms",10} {"GFLOP/s",9} {"% FMA",6}");
        foreach (var s in Shapes)
            foreach (var threads in new[] { 1, 2 })
            foreach (var bits in widths)
            {
                KernelThreads.Count = threads;
                var rng = new Rng(1);
                var a = new float[s.M * s.K]; var b = new float[s.K * s.N]; var c = new float[s.M * s.N];
                rng.FillUniform(a, -1, 1); rng.FillUniform(b, -1, 1);
                int ldb = s.TransB ? s.K : s.N;
                var packed = new PackedMatrix();
                Gemm.Pack(bits, s.TransB, s.K, s.N, b, ldb, packed);
                void Once()
                {
                    if (s.Prepacked) Gemm.Multiply(false, s.M, s.N, s.K, 1f, a, s.K, packed, 0f, c, s.N);
                    else Gemm.Multiply(bits, false, s.TransB, s.M, s.N, s.K, 1f, a, s.K, b, ldb, 0f, c, s.N);
                }
                double ms = Measure(Once, minSeconds: 1.0);
                double gflops = 2.0 * s.M * s.N * s.K / (ms * 1e6);
                double share = 100 * gflops / ceiling.At(bits, threads);
                Console.WriteLine($"{s.Name,-52} {threads,7} {bits,5} {ms,10:F3} {gflops,9:F1} {share,5:F0}%");
                rows.Add($"| {s.Name} | {threads} | {bits} | {ms:F3} | {gflops:F1} | {share:F0}% |");
            }
        // Batch-1 generation streams its weights: matrix-vector products over 1024×256 matrices (1 MB each), cycling
        // through 1 (fits a core's 1 MB L2 at best) or 3 (a 2-layer H = 256 model's recurrent weights per character).
        var gemvRows = new List<string>();
        var warm = new float[1024 * 256];
        for (int i = 0; i < 3000; i++) Gemv.Multiply(1024, 256, warm, new float[256], 0f, new float[1024]);   // past tiered JIT
        foreach (int matrices in new[] { 1, 3 })
            foreach (var threads in new[] { 1, 2 })
            {
                KernelThreads.Count = threads;
                var rng = new Rng(2);
                var ws = Enumerable.Range(0, matrices).Select(_ => { var w = new float[1024 * 256]; rng.FillUniform(w, -1, 1); return w; }).ToArray();
                var x = new float[256]; var y = new float[1024];
                rng.FillUniform(x, -1, 1);
                double ms = Measure(() => { for (int r = 0; r < 10; r++) foreach (var w in ws) Gemv.Multiply(1024, 256, w, x, 0f, y); }, minSeconds: 0.5) / (10 * matrices);
                double gbs = 1024 * 256 * 4 / (ms * 1e6);
                string name = $"GEMV 1024×256, {matrices} matri{(matrices == 1 ? "x" : "ces")} ({matrices} MB) cycled";
                Console.WriteLine($"{name,-52} {threads,7} {ms,10:F4} {gbs,6:F1} GB/s");
                gemvRows.Add($"| {name} | {threads} | {ms * 1000:F1} µs | {gbs:F1} GB/s of weights |");
            }
        KernelThreads.Count = Environment.ProcessorCount;
        if (markdownPath is null) return;
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() : null;
        File.WriteAllText(markdownPath, string.Join('\n',
        [
            "# GEMM throughput",
            "",
            $"Generated by `dotnet run -c Release --project benchmarks/Recurrent.Benchmarks -- gemm --markdown {markdownPath}`",
            $"on {DateTime.UtcNow:yyyy-MM-dd} ({cpu ?? "unknown CPU"}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}).",
            "Median of repeated runs after warm-up; C = A·op(B), float32, row-major. This virtual machine's speed drifts by ±10–20% between runs. Do not edit by hand.",
            $"Kernels: {VectorWidth.Bits}-bit by default ({VectorWidth.Reason}); each shape is run at both widths.",
            "",
            ceiling.Describe() + " The last column is the GEMM's share of it at the same width and thread count.",
            "",
            "| shape (M×K×N) | threads | bits | median ms | GFLOP/s | % of FMA ceiling |",
            "|---|---|---|---|---|---|",
            .. rows,
            "",
            "Matrix-vector products (batch-1 steps, memory-bound: the rate that matters is bytes of weights read per second):",
            "",
            "| shape | threads | time per matrix | weights read |",
            "|---|---|---|---|",
            .. gemvRows,
            "",
        ]));
        Console.WriteLine($"wrote {markdownPath}");
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

/// <summary>
/// The machine's FMA ceiling at each width: a register-resident loop of 12 independent FMA chains (no memory traffic),
/// run on 1 thread and on 2 at once (their rates summed), the best of several runs.
/// </summary>
sealed record FmaCeiling(double[] Rate256, double[] Rate512)
{
    public static FmaCeiling Measure()
    {
        double[] r256 = new double[3], r512 = new double[3];
        foreach (int threads in new[] { 1, 2 })
        {
            var rates = new (double, double)[threads];
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => rates[t] = VectorWidth.MeasureFmaRates(400_000, 7))).ToArray();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
            r256[threads] = rates.Sum(r => r.Item1);
            r512[threads] = rates.Sum(r => r.Item2);
        }
        return new FmaCeiling(r256, r512);
    }

    public double At(int bits, int threads) => bits == 512 ? Rate512[threads] : Rate256[threads];

    public string Describe() =>
        $"FMA ceiling (register loop): 256-bit {Rate256[1]:F1} GFLOP/s at 1 thread, {Rate256[2]:F1} at 2" +
        (Rate512[1] > 0 ? $"; 512-bit {Rate512[1]:F1} at 1, {Rate512[2]:F1} at 2 ({Rate512[1] / Rate256[1]:F2}x)." : "; no 512-bit.");
}
