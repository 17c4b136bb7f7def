using System.Diagnostics;
using Recurrent.Tensors;

namespace Recurrent.Cli.Fuzzing;

/// <summary>
/// Runs seeded fuzz cases over the targets, in this process. Case i uses the random stream of (seed, i): the target
/// (round robin), the seed file and the mutations, so every case can be replayed alone (<see cref="Case"/>). A case
/// crashes when the reader throws anything but <see cref="InvalidDataException"/> (or, for ONNX files, the
/// <see cref="Serialization.Onnx.UnsupportedOnnxException"/> of a well-formed graph it does not run), when it allocates more than
/// <see cref="AllocationLimit"/> for its file (sizes must be checked against the file before allocating), or when it
/// runs longer than <see cref="HangSeconds"/> (a watchdog reports it and ends the process).
/// </summary>
internal sealed class Fuzzer(IReadOnlyList<FuzzTarget> targets, string folder, ulong seed)
{
    public const int HangSeconds = 20;

    /// <summary>What a file of <paramref name="length"/> bytes may make a reader allocate: 64 MB plus 64 bytes a byte.</summary>
    public static long AllocationLimit(long length) => (64L << 20) + 64 * length;

    public sealed record Crash(long Index, string Target, string What);

    /// <summary>The file of case <paramref name="index"/>: its target and bytes.</summary>
    public (FuzzTarget Target, byte[] Bytes) Case(long index)
    {
        var rng = new Rng(seed * 0x9E3779B97F4A7C15UL + (ulong)index);
        var target = targets[(int)(index % targets.Count)];
        var original = target.Seeds[(int)(rng.NextUInt() % (uint)target.Seeds.Count)];
        return (target, Mutations.Apply(original, target, rng));
    }

    /// <summary>Runs case <paramref name="index"/>; null when the reader accepted or refused it properly.</summary>
    public Crash? Run(long index)
    {
        var (target, bytes) = Case(index);
        string path = Path.Combine(folder, $"case{target.Extension}");
        File.WriteAllBytes(path, bytes);
        _current = new Running(index, target.Name, Stopwatch.GetTimestamp());
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Read(path);
        }
        catch (InvalidDataException) { }
        catch (Serialization.Onnx.UnsupportedOnnxException) { }
        catch (Exception e)
        {
            return new Crash(index, target.Name, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            _current = null;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return allocated > AllocationLimit(bytes.Length)
            ? new Crash(index, target.Name, $"allocated {allocated:N0} bytes for a file of {bytes.Length:N0}")
            : null;
    }

    private sealed record Running(long Index, string Target, long Start);

    private volatile Running? _current;

    /// <summary>A thread that ends the process, naming the case, when one runs past <see cref="HangSeconds"/>.</summary>
    public void StartWatchdog(Action<string> report)
    {
        var thread = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(1000);
                if (_current is { } c && Stopwatch.GetElapsedTime(c.Start).TotalSeconds > HangSeconds)
                {
                    report($"case {c.Index} ({c.Target}): hang, still running after {HangSeconds} s");
                    Environment.Exit(2);
                }
            }
        }) { IsBackground = true, Name = "fuzz watchdog" };
        thread.Start();
    }
}
