using System.CommandLine;
using System.Diagnostics;
using Recurrent.Cli.Fuzzing;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn fuzz</c>: seeded, in-process fuzzing of every file reader; prints <c>N cases, M crashes</c> and each crash's case.</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var cases = new Option<long>("--cases") { Description = "How many cases to run", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the case stream (case i is the same for the same seed)", DefaultValueFactory = _ => 1 };
        var targets = new Option<string[]>("--target") { Description = $"Readers to fuzz (default: all): {string.Join(", ", FuzzTargets.Names)}", AllowMultipleArgumentsPerToken = true };
        var replay = new Option<long?>("--case") { Description = "Run only this case (as printed for a crash) and keep its file as ./fuzz-case" };
        var command = new Command("fuzz", "Fuzz every file reader (checkpoints, safetensors, n-gram, ONNX, data formats): N cases, M crashes")
            { cases, seed, targets, replay };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            long n = p.GetValue(cases);
            if (n < 1) throw new ArgumentException($"--cases must be positive, got {n}.");
            string folder = Directory.CreateTempSubdirectory("rnn-fuzz-").FullName;
            try
            {
                Console.Error.WriteLine("fuzz: making seed files (tiny models of every task, one training step each)...");
                var all = FuzzTargets.Create(p.GetValue(targets) ?? [], folder);
                var fuzzer = new Fuzzer(all, folder, p.GetValue(seed));
                if (p.GetValue(replay) is { } only)
                {
                    var (target, bytes) = fuzzer.Case(only);
                    File.WriteAllBytes("fuzz-case" + target.Extension, bytes);
                    var crash = fuzzer.Run(only);
                    Console.WriteLine(crash is null ? $"case {only} ({target.Name}): no crash" : $"case {crash.Index} ({crash.Target}): {crash.What}");
                    return crash is null ? 0 : 1;
                }
                fuzzer.StartWatchdog(line => Console.WriteLine(line));
                var crashes = new List<Fuzzer.Crash>();
                var clock = Stopwatch.StartNew();
                long reported = 0;
                for (long i = 0; i < n; i++)
                {
                    if (fuzzer.Run(i) is { } crash)
                    {
                        crashes.Add(crash);
                        Console.WriteLine($"case {crash.Index} ({crash.Target}): {crash.What}");
                    }
                    if (clock.ElapsedMilliseconds - reported >= 5000 || i == n - 1)
                    {
                        reported = clock.ElapsedMilliseconds;
                        double rate = (i + 1) / clock.Elapsed.TotalSeconds;
                        Console.Error.WriteLine($"fuzz: {i + 1:N0}/{n:N0} cases, {crashes.Count} crashes, {rate:N0} cases/s, ETA {TimeSpan.FromSeconds((n - i - 1) / rate):hh\\:mm\\:ss}");
                    }
                }
                Console.WriteLine($"{n:N0} cases, {crashes.Count} crashes (seed {p.GetValue(seed)}, {all.Count} readers: {string.Join(", ", all.Select(t => t.Name))}; {clock.Elapsed.TotalSeconds:N0} s)");
                return crashes.Count == 0 ? 0 : 1;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }));
        return command;
    }
}
