using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// One Adam step over a slice of a flat parameter, with the step's constants folded in by the optimizer
/// (Optim/Adam.cs): s = lr / (1 − β₁ᵗ), c₂ = 1 / √(1 − β₂ᵗ), decay = 1 − lr·λ.
/// <code>
/// Adam:  g = ∇ + λθ          AdamW:  θ ← θ·decay,  g = ∇
/// m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − s·m / (√v·c₂ + ε)
/// </code>
/// Shapes: θ, ∇, m, v are all (n), one slice of a parameter and its gradient and moments.
/// </summary>
/// <remarks>
/// The vector body performs the same operations in the same order as <see cref="ApplyReference"/>, its scalar twin,
/// so the two agree bit for bit: results do not depend on where a slice starts or how the parameters were cut.
/// </remarks>
internal readonly record struct AdamUpdate(float Beta1, float Beta2, float Eps, float StepSize, float InvCorrection2,
    float WeightDecay, bool Decoupled, float Decay)
{
    /// <summary>
    /// 16 lanes at a time (at 512 bits), then 8, then the scalar twin on the tail. <paramref name="bits"/>: as in
    /// <see cref="LstmGates"/> (0 for the width <see cref="VectorWidth"/> chose).
    /// </summary>
    public void Apply(Span<float> theta, ReadOnlySpan<float> grad, Span<float> m, Span<float> v, int bits = 0)
    {
        int j = 0;
        bits = Activations.Resolve(bits);
        if (bits == 512)
        {
            var b1 = Vector512.Create(Beta1); var c1 = Vector512.Create(1 - Beta1);
            var b2 = Vector512.Create(Beta2); var c2 = Vector512.Create(1 - Beta2);
            var eps = Vector512.Create(Eps); var step = Vector512.Create(StepSize); var inv2 = Vector512.Create(InvCorrection2);
            var wd = Vector512.Create(WeightDecay); var decay = Vector512.Create(Decay);
            for (; j <= theta.Length - 16; j += 16)
            {
                var g = Vector512.Create(grad.Slice(j, 16));
                var th = Vector512.Create(theta.Slice(j, 16));
                if (WeightDecay != 0)
                {
                    if (Decoupled) th *= decay;
                    else g += wd * th;
                }
                var mj = b1 * Vector512.Create(m.Slice(j, 16)) + c1 * g;
                var vj = b2 * Vector512.Create(v.Slice(j, 16)) + c2 * g * g;
                var denominator = Vector512.Sqrt(vj) * inv2 + eps;
                (th - step * mj / denominator).CopyTo(theta.Slice(j, 16));
                mj.CopyTo(m.Slice(j, 16));
                vj.CopyTo(v.Slice(j, 16));
            }
        }
        if (bits >= 256)
        {
            var b1 = Vector256.Create(Beta1); var c1 = Vector256.Create(1 - Beta1);
            var b2 = Vector256.Create(Beta2); var c2 = Vector256.Create(1 - Beta2);
            var eps = Vector256.Create(Eps); var step = Vector256.Create(StepSize); var inv2 = Vector256.Create(InvCorrection2);
            var wd = Vector256.Create(WeightDecay); var decay = Vector256.Create(Decay);
            for (; j <= theta.Length - 8; j += 8)
            {
                var g = Vector256.Create(grad.Slice(j, 8));
                var th = Vector256.Create(theta.Slice(j, 8));
                if (WeightDecay != 0)
                {
                    if (Decoupled) th *= decay;
                    else g += wd * th;
                }
                var mj = b1 * Vector256.Create(m.Slice(j, 8)) + c1 * g;
                var vj = b2 * Vector256.Create(v.Slice(j, 8)) + c2 * g * g;
                var denominator = Vector256.Sqrt(vj) * inv2 + eps;
                (th - step * mj / denominator).CopyTo(theta.Slice(j, 8));
                mj.CopyTo(m.Slice(j, 8));
                vj.CopyTo(v.Slice(j, 8));
            }
        }
        if (j < theta.Length) ApplyReference(theta[j..], grad[j..], m[j..], v[j..]);
    }

    /// <summary>The scalar twin: the specification and test oracle, element by element.</summary>
    public void ApplyReference(Span<float> theta, ReadOnlySpan<float> grad, Span<float> m, Span<float> v)
    {
        for (int j = 0; j < theta.Length; j++)
        {
            float g = grad[j];
            if (WeightDecay != 0)
            {
                if (Decoupled) theta[j] *= Decay;
                else g += WeightDecay * theta[j];
            }
            m[j] = Beta1 * m[j] + (1 - Beta1) * g;
            v[j] = Beta2 * v[j] + (1 - Beta2) * g * g;
            float denominator = MathF.Sqrt(v[j]) * InvCorrection2 + Eps;
            theta[j] -= StepSize * m[j] / denominator;
        }
    }
}
