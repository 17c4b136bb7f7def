using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>σ and tanh in a scalar and an 8-lane form; the gate kernels use both (vector body, scalar tail).</summary>
internal static class Activations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>x[j] ← σ(x[j] + y[j]) for j &lt; count: 8 lanes at a time, then a scalar tail.</summary>
    public static unsafe void SigmoidOfSum(float* x, float* y, int count, bool vectorize)
    {
        int j = 0;
        if (vectorize)
            for (; j <= count - 8; j += 8) Vector256.Store(Sigmoid(Vector256.Load(x + j) + Vector256.Load(y + j)), x + j);
        for (; j < count; j++) x[j] = Sigmoid(x[j] + y[j]);
    }

    /// <summary>x[j] ← tanh(x[j] + y[j]) for j &lt; count: 8 lanes at a time, then a scalar tail.</summary>
    public static unsafe void TanhOfSum(float* x, float* y, int count, bool vectorize)
    {
        int j = 0;
        if (vectorize)
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
}
