using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The elementwise part of one GRU time step (PyTorch's form, b_hn inside the reset product), all rows in one call.
/// Shapes: B batch rows, H hidden; gate rows are (B, 3H) laid out [r | z | n]; states are (B, H).
/// A row whose <c>active</c> flag is 0 carries its state unchanged. <c>bits</c>: as in <see cref="LstmGates"/>.
/// </summary>
public static unsafe class GruGates
{
    /// <summary>
    /// r = σ(ẑ_r + hh_r), z = σ(ẑ_z + hh_z), n = tanh(ẑ_n + r ⊙ (hh_n + b_hn)), h = (1 − z) ⊙ n + z ⊙ h_prev,
    /// where <paramref name="gates"/> holds ẑ = x·W_ihᵀ + b_ih (+ b_hh for r and z) and <paramref name="hh"/> holds
    /// h_prev·W_hhᵀ. Overwrites gates with r, z, n and saves hh_n + b_hn in <paramref name="hn"/> (B, H) for backward.
    /// <paramref name="biasHn"/> (H) may be empty (no bias).
    /// </summary>
    public static void Forward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> hh, ReadOnlySpan<float> biasHn,
        ReadOnlySpan<float> hPrev, Span<float> h, Span<float> hn, ReadOnlySpan<byte> active, int bits = 0)
    {
        int H = hidden;
        bool hasBias = !biasHn.IsEmpty;
        bits = Activations.Resolve(bits);
        fixed (float* pG = gates, pHh = hh, pBn = biasHn, pHp = hPrev, pH = h, pHn = hn)
            for (int b = 0; b < batch; b++)
            {
                int s = b * H;
                float* g = pG + 3 * s, q = pHh + 3 * s;
                if (!active.IsEmpty && active[b] == 0)
                {
                    new Span<float>(pHp + s, H).CopyTo(new Span<float>(pH + s, H));
                    continue;
                }
                // [r | z] = σ(ẑ + hh) in place, a pass of its own (see LstmGates.Forward).
                Activations.SigmoidOfSum(g, q, 2 * H, bits);
                // n = tanh(ẑ_n + r ⊙ (hh_n + b_hn));  h = (1 − z) ⊙ n + z ⊙ h_prev
                int j = 0;
                if (bits == 512)
                    for (; j <= H - 16; j += 16)
                    {
                        var hnv = Vector512.Load(q + 2 * H + j);
                        if (hasBias) hnv += Vector512.Load(pBn + j);
                        var n = Activations.Tanh(Vector512.Load(g + 2 * H + j) + Vector512.Load(g + j) * hnv);
                        Vector512.Store(n, g + 2 * H + j);
                        Vector512.Store(hnv, pHn + s + j);
                        Vector512.Store(n + Vector512.Load(g + H + j) * (Vector512.Load(pHp + s + j) - n), pH + s + j);
                    }
                if (bits >= 256)
                    for (; j <= H - 8; j += 8)
                    {
                        var hnv = Vector256.Load(q + 2 * H + j);
                        if (hasBias) hnv += Vector256.Load(pBn + j);
                        var n = Activations.Tanh(Vector256.Load(g + 2 * H + j) + Vector256.Load(g + j) * hnv);
                        Vector256.Store(n, g + 2 * H + j);
                        Vector256.Store(hnv, pHn + s + j);
                        Vector256.Store(n + Vector256.Load(g + H + j) * (Vector256.Load(pHp + s + j) - n), pH + s + j);
                    }
                for (; j < H; j++)
                {
                    float hnv = q[2 * H + j] + (hasBias ? pBn[j] : 0f);
                    float n = Activations.Tanh(g[2 * H + j] + g[j] * hnv);
                    g[2 * H + j] = n;
                    pHn[s + j] = hnv;
                    pH[s + j] = n + g[H + j] * (pHp[s + j] - n);
                }
            }
    }

    /// <summary>
    /// forward: h = (1 − z) ⊙ n + z ⊙ h_prev, n = tanh(ẑ_n + r ⊙ hn)  ⇒
    ///   dn = dh ⊙ (1 − z);  dz = dh ⊙ (h_prev − n);  dh_prev ⊇ dh ⊙ z;
    ///   dẑ_n = dn ⊙ (1 − n²);  dr = dẑ_n ⊙ hn;  then dẑ_r = dr·r(1−r), dẑ_z = dz·z(1−z).
    /// The input side sees dẑ = [dẑ_r, dẑ_z, dẑ_n] (overwrites <paramref name="gates"/>); the recurrent side sees
    /// [dẑ_r, dẑ_z, dẑ_n ⊙ r] (written to <paramref name="dHh"/>). Inactive rows get zeros and pass dh straight through.
    /// </summary>
    public static void Backward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> hn, ReadOnlySpan<float> hPrev,
        ReadOnlySpan<float> dh, Span<float> dHh, Span<float> dhPrevDirect, ReadOnlySpan<byte> active, int bits = 0)
    {
        int H = hidden;
        bits = Activations.Resolve(bits);
        fixed (float* pG = gates, pHn = hn, pHp = hPrev, pDh = dh, pDq = dHh, pDhp = dhPrevDirect)
            for (int b = 0; b < batch; b++)
            {
                int s = b * H;
                float* g = pG + 3 * s, dq = pDq + 3 * s;
                if (!active.IsEmpty && active[b] == 0)
                {
                    new Span<float>(pDh + s, H).CopyTo(new Span<float>(pDhp + s, H));
                    new Span<float>(g, 3 * H).Clear();
                    new Span<float>(dq, 3 * H).Clear();
                    continue;
                }
                int j = 0;
                if (bits == 512)
                {
                    var one = Vector512<float>.One;
                    for (; j <= H - 16; j += 16)
                    {
                        var r = Vector512.Load(g + j); var z = Vector512.Load(g + H + j); var n = Vector512.Load(g + 2 * H + j);
                        var dhv = Vector512.Load(pDh + s + j);
                        var dnPre = dhv * (one - z) * (one - n * n);
                        var drPre = dnPre * Vector512.Load(pHn + s + j) * r * (one - r);
                        var dzPre = dhv * (Vector512.Load(pHp + s + j) - n) * z * (one - z);
                        Vector512.Store(drPre, g + j); Vector512.Store(dzPre, g + H + j); Vector512.Store(dnPre, g + 2 * H + j);
                        Vector512.Store(drPre, dq + j); Vector512.Store(dzPre, dq + H + j); Vector512.Store(dnPre * r, dq + 2 * H + j);
                        Vector512.Store(dhv * z, pDhp + s + j);
                    }
                }
                if (bits >= 256)
                {
                    var one = Vector256<float>.One;
                    for (; j <= H - 8; j += 8)
                    {
                        var r = Vector256.Load(g + j); var z = Vector256.Load(g + H + j); var n = Vector256.Load(g + 2 * H + j);
                        var dhv = Vector256.Load(pDh + s + j);
                        var dnPre = dhv * (one - z) * (one - n * n);
                        var drPre = dnPre * Vector256.Load(pHn + s + j) * r * (one - r);
                        var dzPre = dhv * (Vector256.Load(pHp + s + j) - n) * z * (one - z);
                        Vector256.Store(drPre, g + j); Vector256.Store(dzPre, g + H + j); Vector256.Store(dnPre, g + 2 * H + j);
                        Vector256.Store(drPre, dq + j); Vector256.Store(dzPre, dq + H + j); Vector256.Store(dnPre * r, dq + 2 * H + j);
                        Vector256.Store(dhv * z, pDhp + s + j);
                    }
                }
                for (; j < H; j++)
                {
                    float r = g[j], z = g[H + j], n = g[2 * H + j];
                    float dhv = pDh[s + j];
                    float dnPre = dhv * (1 - z) * (1 - n * n);
                    float drPre = dnPre * pHn[s + j] * r * (1 - r);
                    float dzPre = dhv * (pHp[s + j] - n) * z * (1 - z);
                    g[j] = drPre; g[H + j] = dzPre; g[2 * H + j] = dnPre;
                    dq[j] = drPre; dq[H + j] = dzPre; dq[2 * H + j] = dnPre * r;
                    pDhp[s + j] = dhv * z;
                }
            }
    }
}
