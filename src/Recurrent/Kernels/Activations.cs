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

    // σ(x) = 1 / (1 + e^−x); e^−x overflows to ∞ for x < −88, giving exactly 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    // tanh(x) = sign(x)·(1 − e)/(1 + e) with e = e^−2|x| ∈ (0, 1]: never overflows; absolute error ≈ 1e-7.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var e = Vector256.Exp(Vector256.Create(-2f) * Vector256.Abs(x));
        var t = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        var sign = Vector256.Create(-0f);
        return (t & ~sign) | (x & sign);
    }
}
