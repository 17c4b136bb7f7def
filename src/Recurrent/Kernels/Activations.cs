using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// σ and tanh in a scalar, an 8-lane and a 16-lane form; the gate kernels use them as vector body, 8-lane remainder,
/// scalar tail. Each lane computes the same formula at either width, so a kernel gives the same bits at 256 and 512.
/// </summary>
internal static class Activations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>
    /// The kernels' <c>bits</c> argument: 0 is the width <see cref="VectorWidth"/> chose, 32 (one float) the scalar twin,
    /// 256 or 512 a given width (512 runs as 256 where the CPU lacks it).
    /// </summary>
    public static int Resolve(int bits) => bits switch
    {
        0 => Vector256.IsHardwareAccelerated ? VectorWidth.Bits : 32,
        32 => 32,
        _ => Vector256.IsHardwareAccelerated ? VectorWidth.Usable(bits) : 32,
    };

    /// <summary>x[j] ← σ(x[j] + y[j]) for j &lt; count: 16 or 8 lanes at a time as <paramref name="bits"/> says, then a scalar tail.</summary>
    public static unsafe void SigmoidOfSum(float* x, float* y, int count, int bits)
    {
        int j = 0;
        if (bits == 512)
            for (; j <= count - 16; j += 16) Vector512.Store(Sigmoid(Vector512.Load(x + j) + Vector512.Load(y + j)), x + j);
        if (bits >= 256)
            for (; j <= count - 8; j += 8) Vector256.Store(Sigmoid(Vector256.Load(x + j) + Vector256.Load(y + j)), x + j);
        for (; j < count; j++) x[j] = Sigmoid(x[j] + y[j]);
    }

    /// <summary>x[j] ← tanh(x[j] + y[j]) for j &lt; count, the same way.</summary>
    public static unsafe void TanhOfSum(float* x, float* y, int count, int bits)
    {
        int j = 0;
        if (bits == 512)
            for (; j <= count - 16; j += 16) Vector512.Store(Tanh(Vector512.Load(x + j) + Vector512.Load(y + j)), x + j);
        if (bits >= 256)
            for (; j <= count - 8; j += 8) Vector256.Store(Tanh(Vector256.Load(x + j) + Vector256.Load(y + j)), x + j);
        for (; j < count; j++) x[j] = Tanh(x[j] + y[j]);
    }

    // σ(x) = 1 / (1 + e^−x); e^−x overflows to ∞ for x < −88, giving exactly 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    // tanh(x) = sign(x)·(1 − e)/(1 + e) with e = e^−2|x| ∈ (0, 1]: never overflows; absolute error ≈ 1e-7.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var e = Exp(Vector256.Create(-2f) * Vector256.Abs(x));
        var t = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        var sign = Vector256.Create(-0f);
        return (t & ~sign) | (x & sign);
    }

    // e^x in single precision (Cephes expf, within 2 ulp): x = n·ln 2 + r with |r| ≤ ln2/2, e^r by a degree-6
    // polynomial, 2^n put straight into the exponent bits. Above 88.376 gives ∞, below −87.336 gives 0, NaN stays NaN.
    // (The library's Vector256.Exp goes through double precision; this is about twice as fast and accurate enough.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        const float High = 88.3762626647949f, Low = -87.3365447505531f;
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(Low)), Vector256.Create(High));
        var n = Vector256.Floor(Vector256.FusedMultiplyAdd(clamped, Vector256.Create(1.44269504088896341f), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), clamped);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        var p = Vector256.Create(1.9875691500e-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var scale = (Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23;   // n ∈ [−126, 128]: no saturation needed
        var y = p * scale.AsSingle();
        y = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(High)), Vector256.Create(float.PositiveInfinity), y);
        y = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Low)), Vector256<float>.Zero, y);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), y, x);   // NaN in, NaN out
    }

    // The 16-lane forms: the same formulas, lane for lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var e = Exp(Vector512.Create(-2f) * Vector512.Abs(x));
        var t = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        var sign = Vector512.Create(-0f);
        return (t & ~sign) | (x & sign);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        const float High = 88.3762626647949f, Low = -87.3365447505531f;
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(Low)), Vector512.Create(High));
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(clamped, Vector512.Create(1.44269504088896341f), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), clamped);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var scale = (Vector512.ConvertToInt32Native(n) + Vector512.Create(127)) << 23;
        var y = p * scale.AsSingle();
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(High)), Vector512.Create(float.PositiveInfinity), y);
        y = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Low)), Vector512<float>.Zero, y);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), y, x);
    }
}
