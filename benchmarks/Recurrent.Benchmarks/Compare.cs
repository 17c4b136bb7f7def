using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Recurrent.Kernels;

/// <summary>
/// `compare`: every workload in Recurrent and in PyTorch in one run, at 2 and 1 threads, alternating repetition by
/// repetition after warm-up; prints workload, threads, medians, ratio (PyTorch time / Recurrent time), GFLOP/s and
/// % of the measured GEMM ceiling; peak memory of H=512 training in separate processes.
/// </summary>
internal static class Compare
{
    private const int Pause = 150;   // ms
    private const double WarmUpMs = 1000, MinimumRepMs = 400;

    private sealed record Row(string workload, int threads, double? pytorch_ms, double recurrent_ms, double? ratio, double gflops, double ceiling_percent);

    public static int Run(string[] args)
    {
        string? json = Option(args, "--json"), markdown = Option(args, "--markdown");
        int reps = int.TryParse(Option(args, "--reps"), out var r) ? Math.Max(5, r) : 9;
        var only = Option(args, "--only")?.Split(',');
        // --busy N: N other processes spin on the CPU for the whole run (a shared machine: someone took a core).
        int busy = int.TryParse(Option(args, "--busy"), out var n) ? Math.Max(0, n) : 0;
        using var spinners = new Spinners(busy);
        var workloads = Workloads.All.Where(w => only is null || only.Any(o => w.StartsWith(o, StringComparison.Ordinal))).ToArray();
        string script = Path.Combine(FindRepositoryRoot(), "benchmarks", "pytorch", "worker.py");
        var (torch, status) = PyTorchWorker.TryStart(script);
        string cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "?" : "?";
        Console.WriteLine($"Recurrent vs {status}; {cpu}, {Environment.ProcessorCount} logical cores; .NET {Environment.Version}; {reps} repetitions, alternating, after warm-up" +
            (busy > 0 ? $"; {busy} other process(es) spinning on the CPU throughout" : ""));
        string kernels = $"Recurrent's kernels: {VectorWidth.Bits}-bit vectors ({VectorWidth.Reason}). {FmaCeiling.Measure().Describe()}";
        Console.WriteLine(kernels);

        var ceiling = new Dictionary<int, double>();
        foreach (int t in new[] { 2, 1 })
        {
            KernelThreads.Count = t;
            var gemm = Workloads.Build("gemm-2048x2048x2048");
            gemm();
            // A ceiling is the best this machine gives: the fastest of five runs, each after a pause.
            ceiling[t] = Workloads.Flops("gemm-2048x2048x2048") / Enumerable.Range(0, 5).Select(_ => { Thread.Sleep(Pause); return Time(gemm); }).Min() / 1e6;
        }
        Console.WriteLine($"GEMM ceiling (Recurrent, 2048³): {ceiling[2]:F1} GFLOP/s at 2 threads, {ceiling[1]:F1} at 1");
        Console.WriteLine($"{"workload",-22} {"threads",7} {"PyTorch ms",11} {"Recurrent ms",13} {"ratio",7} {"GFLOP/s",8} {"% ceiling",9}");

        var rows = new List<Row>();
        foreach (var w in workloads)
            foreach (int t in new[] { 2, 1 })
            {
                KernelThreads.Count = t;
                var ours = Workloads.Build(w);
                // Warm-up: at least a second, so .NET's tiered JIT has promoted the hot code (and workspaces exist).
                int warmUps = 0;
                var warm = Stopwatch.StartNew();
                while (warmUps < 3 || warm.Elapsed.TotalMilliseconds < WarmUpMs) { ours(); warmUps++; }
                double perCall = Time(ours);
                // Short workloads repeat back to back within one repetition (the same count in both libraries),
                // so a repetition is not one cold call right after the other library trampled the caches.
                int calls = (int)Math.Clamp(Math.Ceiling(MinimumRepMs / perCall), 1, 1000);
                torch?.Run(w, t, 3, calls);
                var oursMs = new double[reps];
                var torchMs = new double[reps];
                for (int i = 0; i < reps; i++)
                {
                    // A pause before each run lets the other library's idle threads stop spinning (both spin-wait).
                    if (torch is not null) { Thread.Sleep(Pause); torchMs[i] = torch.Run(w, t, 1, calls)[0]; }
                    Thread.Sleep(Pause);
                    oursMs[i] = Time(ours, calls);
                }
                double mine = Median(oursMs);
                double? theirs = torch is null ? null : Median(torchMs);
                double gflops = Workloads.Flops(w) / mine / 1e6;
                var row = new Row(w, t, theirs, mine, theirs / mine, gflops, 100 * gflops / ceiling[t]);
                rows.Add(row);
                Console.WriteLine($"{w,-22} {t,7} {(theirs is null ? "n/a" : theirs.Value.ToString("F3", CultureInfo.InvariantCulture)),11} {mine,13:F3} " +
                    $"{(row.ratio is null ? "n/a" : row.ratio.Value.ToString("F2", CultureInfo.InvariantCulture) + "x"),7} {gflops,8:F1} {row.ceiling_percent,8:F0}%");
            }

        string memory = PeakMemoryLine(torch);
        Console.WriteLine(memory);
        torch?.Dispose();
        KernelThreads.Count = Environment.ProcessorCount;

        if (json is not null)
            File.WriteAllText(json, JsonSerializer.Serialize(rows.Select(x => new { x.workload, x.threads, x.pytorch_ms, x.recurrent_ms, x.ratio }),
                new JsonSerializerOptions { WriteIndented = true }));
        if (markdown is not null) WriteMarkdown(markdown, status, cpu, kernels, reps, ceiling, rows, memory, busy, args);
        return 0;
    }

    // Peak resident memory of H = 512 training, each library in a fresh process of its own.
    private static string PeakMemoryLine(PyTorchWorker? torch)
    {
        const string workload = "train-lstm-512";
        string self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self, [typeof(Compare).Assembly.Location, "peak-memory", workload]) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!self.EndsWith("dotnet", StringComparison.Ordinal)) info = new ProcessStartInfo(self, ["peak-memory", workload]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var child = Process.Start(info)!;
        double ours = double.Parse(child.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        child.WaitForExit();
        string theirs = "n/a";
        if (torch is not null)
        {
            var (fresh, _) = PyTorchWorker.TryStart(Path.Combine(FindRepositoryRoot(), "benchmarks", "pytorch", "worker.py"));
            using (fresh) theirs = fresh!.PeakMemory(workload, 2, 3).ToString("F0", CultureInfo.InvariantCulture);
        }
        return $"peak resident memory, {workload} (3 steps, separate processes): PyTorch {theirs} MB, Recurrent {ours:F0} MB";
    }

    /// <summary>Child-process entry: runs 3 steps of a workload and prints this process's peak resident set in MB.</summary>
    public static int PeakMemory(string workload)
    {
        var run = Workloads.Build(workload);
        for (int i = 0; i < 3; i++) run();
        Console.WriteLine((Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture));
        return 0;
    }

    private static void WriteMarkdown(string path, string status, string cpu, string kernels, int reps, Dictionary<int, double> ceiling, List<Row> rows,
        string memory, int busy, string[] args)
    {
        var sb = new StringBuilder();
        sb.AppendLine(busy > 0 ? $"# Benchmarks on a shared machine: Recurrent vs PyTorch with {busy} other process(es) spinning" : "# Benchmarks: Recurrent vs PyTorch on CPU").AppendLine();
        sb.AppendLine($"Generated by `dotnet run -c Release --project benchmarks/Recurrent.Benchmarks -- compare {string.Join(' ', args)}` on {DateTime.UtcNow:yyyy-MM-dd}.");
        sb.AppendLine($"Machine: {cpu}, {Environment.ProcessorCount} logical cores; .NET {Environment.Version}; yardstick: {status}.");
        sb.AppendLine(kernels);
        sb.AppendLine($"Medians of {reps} repetitions, the two libraries alternating (with a {Pause} ms pause before each run, so neither library's idle spinning threads steal a core from the other), after at least {WarmUpMs / 1000:F0} s of warm-up; a repetition of a workload shorter than {MinimumRepMs:F0} ms is the mean of enough back-to-back calls to last that long (the same number in both libraries). Ratio = PyTorch time / Recurrent time (> 1: Recurrent is faster).");
        sb.AppendLine($"GEMM ceiling = Recurrent's 2048³ GEMM: {ceiling[2]:F1} GFLOP/s at 2 threads, {ceiling[1]:F1} at 1. Do not edit by hand.").AppendLine();
        sb.AppendLine("| workload | threads | PyTorch ms | Recurrent ms | ratio | GFLOP/s | % of GEMM ceiling |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var x in rows)
            sb.AppendLine($"| {x.workload} | {x.threads} | {(x.pytorch_ms is null ? "n/a" : x.pytorch_ms.Value.ToString("F3", CultureInfo.InvariantCulture))} | {x.recurrent_ms:F3} | " +
                $"{(x.ratio is null ? "n/a" : x.ratio.Value.ToString("F2", CultureInfo.InvariantCulture) + "x")} | {x.gflops:F1} | {x.ceiling_percent:F0}% |");
        sb.AppendLine().AppendLine(memory).AppendLine();
        sb.AppendLine("GFLOP/s counts each workload's matrix-multiply work as PyTorch performs it (2 per multiply-add); where Recurrent does less " +
            "(its first layer projects the 65-entry embedding table instead of every token), that effective rate can exceed the GEMM ceiling. " +
            "How the numbers are made and what limits them: docs/performance.md.").AppendLine();
        sb.AppendLine("Workloads: `train-CELL-H` = Embedding(65, H) → 2-layer CELL(H, H) → Linear(H, 65), cross-entropy, backward, clip at 5, Adam, batch 32 × 64 steps; " +
            "`layer-lstm-256` = one LSTM layer I = H = 256, batch 32 × 64, forward + backward; `infer-lstm-256` = 2-layer H = 256 LSTM forward at batch 64 × 128; `seq2seq-lstm-256` = a training step of the G2P encoder-decoder (BiLSTM 2 × 256, attention decoder 256, 64 pairs); `beam-lstm-256` = beam search at width 5 over 256 words of 8 letters, 26 steps each; `conditional-lstm-256` = a training step of the one-to-many decoder (a genre embedding as the first input, 2-layer LSTM 256, 85 characters, batch 32 × 256); " +
            "`generate-lstm-256` = 100 characters at batch 1 from the H = 256 character model, sampling included; `gemm-MxKxN` = C = A·B (2048³) or A·Bᵀ, each library packing its operands per call; `step-32x256x1024` = one recurrent step's product h·W_hhᵀ, PyTorch as `torch.mm` (the product its CPU recurrent cell computes at every step), Recurrent with W_hh packed once per sequence, as its layers multiply it.");
        File.WriteAllText(path, sb.ToString());
        Console.WriteLine($"wrote {path}");
    }

    private static double Time(Action action, int calls = 1)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) action();
        return sw.Elapsed.TotalMilliseconds / calls;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Busy-looping child processes (sh), killed when disposed.</summary>
    private sealed class Spinners : IDisposable
    {
        private readonly List<Process> _processes = [];

        public Spinners(int count)
        {
            for (int i = 0; i < count; i++)
                _processes.Add(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!);
        }

        public void Dispose()
        {
            foreach (var p in _processes) { try { p.Kill(); } catch (InvalidOperationException) { } p.Dispose(); }
        }
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recurrent.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
