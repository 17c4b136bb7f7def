using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The elementwise part of one vanilla-RNN time step, all batch rows in one pass.
/// Shapes: B batch rows, H hidden; every span is (B, H) row-major.
/// A row whose <c>active</c> flag is 0 (its sequence has ended, or not yet begun in reverse) carries its state.
/// </summary>
public static unsafe class RnnGates
{
    /// <summary>h = act(pre), with pre = x·W_ihᵀ + b_ih + b_hh (in <paramref name="pre"/>) + h_prev·W_hhᵀ (in <paramref name="hh"/>).</summary>
    public static void Forward(bool relu, int batch, int hidden, ReadOnlySpan<float> pre, ReadOnlySpan<float> hh,
        ReadOnlySpan<float> hPrev, Span<float> h, ReadOnlySpan<byte> active, int bits = 0)
    {
        bits = Activations.Resolve(bits);
        fixed (float* pPre = pre, pHh = hh, pHp = hPrev, pH = h)
            for (int b = 0; b < batch; b++)
            {
                int o = b * hidden;
                if (!active.IsEmpty && active[b] == 0) { new Span<float>(pHp + o, hidden).CopyTo(new Span<float>(pH + o, hidden)); continue; }
                int j = 0;
                if (bits == 512)
                    for (; j <= hidden - 16; j += 16)
                    {
                        var s = Vector512.Load(pPre + o + j) + Vector512.Load(pHh + o + j);
                        Vector512.Store(relu ? Vector512.Max(s, Vector512<float>.Zero) : Activations.Tanh(s), pH + o + j);
                    }
                if (bits >= 256)
                    for (; j <= hidden - 8; j += 8)
                    {
                        var s = Vector256.Load(pPre + o + j) + Vector256.Load(pHh + o + j);
                        Vector256.Store(relu ? Vector256.Max(s, Vector256<float>.Zero) : Activations.Tanh(s), pH + o + j);
                    }
                for (; j < hidden; j++)
                {
                    float s = pPre[o + j] + pHh[o + j];
                    pH[o + j] = relu ? MathF.Max(s, 0f) : Activations.Tanh(s);
                }
            }
    }

    /// <summary>
    /// forward: h = act(pre)  ⇒  dpre = dh ⊙ act′, with act′ = 1 − h² (tanh) or [h &gt; 0] (ReLU).
    /// Writes dpre (0 for inactive rows) and the part of dh_prev that bypasses W_hh (dh for inactive rows, else 0).
    /// </summary>
    public static void Backward(bool relu, int batch, int hidden, ReadOnlySpan<float> h, ReadOnlySpan<float> dh,
        Span<float> dPre, Span<float> dhPrevDirect, ReadOnlySpan<byte> active, int bits = 0)
    {
        bits = Activations.Resolve(bits);
        fixed (float* pH = h, pDh = dh, pDp = dPre, pDhp = dhPrevDirect)
            for (int b = 0; b < batch; b++)
            {
                int o = b * hidden;
                var direct = new Span<float>(pDhp + o, hidden);
                if (!active.IsEmpty && active[b] == 0)
                {
                    new Span<float>(pDh + o, hidden).CopyTo(direct);
                    new Span<float>(pDp + o, hidden).Clear();
                    continue;
                }
                direct.Clear();
                int j = 0;
                if (bits == 512)
                    for (; j <= hidden - 16; j += 16)
                    {
                        var hv = Vector512.Load(pH + o + j);
                        var d = relu
                            ? Vector512.ConditionalSelect(Vector512.GreaterThan(hv, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero)
                            : Vector512<float>.One - hv * hv;
                        Vector512.Store(Vector512.Load(pDh + o + j) * d, pDp + o + j);
                    }
                if (bits >= 256)
                    for (; j <= hidden - 8; j += 8)
                    {
                        var hv = Vector256.Load(pH + o + j);
                        var d = relu
                            ? Vector256.ConditionalSelect(Vector256.GreaterThan(hv, Vector256<float>.Zero), Vector256<float>.One, Vector256<float>.Zero)
                            : Vector256<float>.One - hv * hv;
                        Vector256.Store(Vector256.Load(pDh + o + j) * d, pDp + o + j);
                    }
                for (; j < hidden; j++)
                {
                    float hv = pH[o + j];
                    pDp[o + j] = pDh[o + j] * (relu ? (hv > 0 ? 1f : 0f) : 1f - hv * hv);
                }
            }
    }
}
