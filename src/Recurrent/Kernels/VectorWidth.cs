using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// The vector width of the kernels, 256 or 512 bits, chosen once per process at first use.
/// </summary>
/// <remarks>
/// A CPU's flags do not say whether 512-bit operations pay: Zen 4 runs them as two 256-bit halves, some Intel parts
/// lower their clock for them, and .NET reports <see cref="Vector512.IsHardwareAccelerated"/> on both. So the choice is
/// made by measurement: a register-resident FMA loop at each width (about a millisecond in all); 512 bits are used when
/// they give at least <see cref="FullRateRatio"/> times the 256-bit rate (an ambiguous ratio is measured again, longer). The environment variable
/// <c>RECURRENT_VECTOR_BITS</c> = 256 or 512 overrides the measurement (512 falls back to 256 on a CPU without
/// AVX-512), so that the tests can run both paths on one machine.
/// Every kernel gives the same bits at either width: the 512-bit paths add the same products in the same order.
/// </remarks>
public static class VectorWidth
{
    public const string EnvironmentVariable = "RECURRENT_VECTOR_BITS";

    /// <summary>512 bits must be at least this much faster than 256 to be chosen (full rate measures 2.0).</summary>
    public const double FullRateRatio = 1.5;

    private static readonly (int Bits, string Reason, string? Warning) Choice = Choose(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>256 or 512.</summary>
    public static int Bits => Choice.Bits;

    /// <summary>Why this width: the measurement or the override, in a few words (for <c>rnn --version</c> and benchmarks).</summary>
    public static string Reason => Choice.Reason;

    /// <summary>A problem with the override (an unknown value, 512 on a CPU without it), or null.</summary>
    public static string? Warning => Choice.Warning;

    /// <summary>Whether this CPU and runtime can run the 512-bit kernels at all (AVX-512 F, BW, VL).</summary>
    public static bool Supports512 =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512F.VL.IsSupported && Fma.IsSupported;

    /// <summary><paramref name="bits"/> if this CPU runs it, else 256: what the kernels do when asked for a width.</summary>
    internal static int Usable(int bits) => bits == 512 && Supports512 ? 512 : 256;

    internal static (int Bits, string Reason, string? Warning) Choose(string? forced)
    {
        string? value = forced?.Trim();
        if (value is "256") return (256, $"{EnvironmentVariable}=256", null);
        if (value is "512")
            return Supports512
                ? (512, $"{EnvironmentVariable}=512", null)
                : (256, "no AVX-512 on this CPU", $"{EnvironmentVariable}=512 asks for AVX-512, which this CPU or runtime lacks: using 256 bits.");
        string? warning = string.IsNullOrEmpty(value) || value is "auto" ? null
            : $"{EnvironmentVariable}={value} is not 256, 512 or auto: measuring instead.";
        if (!Supports512) return (256, "no AVX-512 on this CPU", warning);
        double ratio = MeasureRatio();
        return ratio >= FullRateRatio
            ? (512, $"measured: 512-bit FMA {ratio:F2}x the 256-bit rate", warning)
            : (256, $"measured: 512-bit FMA only {ratio:F2}x the 256-bit rate", warning);
    }

    /// <summary>
    /// The 512-bit FMA rate over the 256-bit one: about 2.0 where 512 bits run at full rate, 1.0 at half rate. A
    /// ratio near the threshold means the measurement was disturbed (another thread on the core, a preempted run):
    /// it is then measured again, longer, up to three times.
    /// </summary>
    internal static double MeasureRatio()
    {
        double ratio = 0;
        for (int attempt = 0, iterations = 40_000; attempt < 3; attempt++, iterations *= 4)
        {
            var (rate256, rate512) = MeasureFmaRates(iterations, repeats: 9);
            ratio = rate512 / rate256;
            if (ratio is < 1.25 or > 1.75) break;
        }
        return ratio;
    }

    /// <summary>
    /// This thread's FMA rate in GFLOP/s at 256 and 512 bits (0 where unsupported): the best of
    /// <paramref name="repeats"/> runs, alternating widths, of a loop of 12 independent accumulators.
    /// </summary>
    public static (double Gflops256, double Gflops512) MeasureFmaRates(int iterations, int repeats)
    {
        double best256 = double.MaxValue, best512 = double.MaxValue;
        bool wide = Supports512;
        float sink = 0;
        for (int r = 0; r < repeats; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            sink += FmaLoop256(iterations);
            long t1 = Stopwatch.GetTimestamp();
            if (wide) sink += FmaLoop512(iterations);
            long t2 = Stopwatch.GetTimestamp();
            best256 = Math.Min(best256, t1 - t0);
            if (wide) best512 = Math.Min(best512, t2 - t1);
        }
        _sink = sink;   // keeps the loops' results alive
        // 12 FMAs of 8 or 16 lanes, 2 flops each, per iteration.
        double seconds256 = best256 / Stopwatch.Frequency, seconds512 = best512 / Stopwatch.Frequency;
        double rate256 = 12.0 * 8 * 2 * iterations / seconds256 / 1e9;
        double rate512 = wide ? 12.0 * 16 * 2 * iterations / seconds512 / 1e9 : 0;
        return (rate256, rate512);
    }

    private static float _sink;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop256(int iterations)
    {
        var m = Vector256.Create(0.999999f); var d = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector256<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, d); a1 = Fma.MultiplyAdd(a1, m, d); a2 = Fma.MultiplyAdd(a2, m, d);
            a3 = Fma.MultiplyAdd(a3, m, d); a4 = Fma.MultiplyAdd(a4, m, d); a5 = Fma.MultiplyAdd(a5, m, d);
            a6 = Fma.MultiplyAdd(a6, m, d); a7 = Fma.MultiplyAdd(a7, m, d); a8 = Fma.MultiplyAdd(a8, m, d);
            a9 = Fma.MultiplyAdd(a9, m, d); a10 = Fma.MultiplyAdd(a10, m, d); a11 = Fma.MultiplyAdd(a11, m, d);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float FmaLoop512(int iterations)
    {
        var m = Vector512.Create(0.999999f); var d = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector512<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, d); a1 = Avx512F.FusedMultiplyAdd(a1, m, d); a2 = Avx512F.FusedMultiplyAdd(a2, m, d);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, d); a4 = Avx512F.FusedMultiplyAdd(a4, m, d); a5 = Avx512F.FusedMultiplyAdd(a5, m, d);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, d); a7 = Avx512F.FusedMultiplyAdd(a7, m, d); a8 = Avx512F.FusedMultiplyAdd(a8, m, d);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, d); a10 = Avx512F.FusedMultiplyAdd(a10, m, d); a11 = Avx512F.FusedMultiplyAdd(a11, m, d);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
