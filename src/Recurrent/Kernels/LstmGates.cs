using System.Runtime.Intrinsics;

namespace Recurrent.Kernels;

/// <summary>
/// The elementwise part of one LSTM time step, all four gates and both states in one call, row by row.
/// Shapes: B batch rows, H hidden; gate rows are (B, 4H) laid out [i | f | g | o] as in PyTorch; states are (B, H).
/// A row whose <c>active</c> flag is 0 carries its state (h, c) unchanged. <c>bits</c>: 0 for the width
/// <see cref="VectorWidth"/> chose, 32 for the scalar twin, 256 or 512 (see <see cref="Activations.Resolve"/>).
/// </summary>
public static unsafe class LstmGates
{
    /// <summary>
    /// i = σ(ẑ_i), f = σ(ẑ_f), g = tanh(ẑ_g), o = σ(ẑ_o) with ẑ = gates + hh (gates holds x·W_ihᵀ + b_ih + b_hh,
    /// hh holds h_prev·W_hhᵀ); c = f ⊙ c_prev + i ⊙ g; h = o ⊙ tanh(c). The activated gates overwrite <paramref name="gates"/>.
    /// </summary>
    /// <remarks>
    /// Two passes over each row (4 KB at H = 256, still in L1 for the second): one nonlinearity per loop body keeps many
    /// independent iterations in flight, where one body with all five chained nonlinearities was latency-bound
    /// (the split made this kernel about 30% faster). <paramref name="hPrev"/> is read only for inactive rows; h may alias h_prev and c may alias c_prev.
    /// </remarks>
    public static void Forward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> hh,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> h, Span<float> c,
        ReadOnlySpan<byte> active, int bits = 0)
    {
        int H = hidden;
        bits = Activations.Resolve(bits);
        fixed (float* pG = gates, pHh = hh, pHp = hPrev, pCp = cPrev, pH = h, pC = c)
            for (int b = 0; b < batch; b++)
            {
                int s = b * H;
                float* g = pG + 4 * s, r = pHh + 4 * s;
                if (!active.IsEmpty && active[b] == 0)
                {
                    new Span<float>(pHp + s, H).CopyTo(new Span<float>(pH + s, H));
                    new Span<float>(pCp + s, H).CopyTo(new Span<float>(pC + s, H));
                    continue;
                }
                // [i | f] = σ(ẑ), g = tanh(ẑ), o = σ(ẑ), in place.
                Activations.SigmoidOfSum(g, r, 2 * H, bits);
                Activations.TanhOfSum(g + 2 * H, r + 2 * H, H, bits);
                Activations.SigmoidOfSum(g + 3 * H, r + 3 * H, H, bits);
                // c = f ⊙ c_prev + i ⊙ g;  h = o ⊙ tanh(c)
                int j = 0;
                if (bits == 512)
                    for (; j <= H - 16; j += 16)
                    {
                        var cv = Vector512.Load(g + H + j) * Vector512.Load(pCp + s + j) + Vector512.Load(g + j) * Vector512.Load(g + 2 * H + j);
                        Vector512.Store(cv, pC + s + j);
                        Vector512.Store(Vector512.Load(g + 3 * H + j) * Activations.Tanh(cv), pH + s + j);
                    }
                if (bits >= 256)
                    for (; j <= H - 8; j += 8)
                    {
                        var cv = Vector256.Load(g + H + j) * Vector256.Load(pCp + s + j) + Vector256.Load(g + j) * Vector256.Load(g + 2 * H + j);
                        Vector256.Store(cv, pC + s + j);
                        Vector256.Store(Vector256.Load(g + 3 * H + j) * Activations.Tanh(cv), pH + s + j);
                    }
                for (; j < H; j++)
                {
                    float cv = g[H + j] * pCp[s + j] + g[j] * g[2 * H + j];
                    pC[s + j] = cv;
                    pH[s + j] = g[3 * H + j] * Activations.Tanh(cv);
                }
            }
    }

    /// <summary>
    /// forward: c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh(c)  ⇒
    ///   dc ← dc + dh ⊙ o ⊙ (1 − tanh²c);  do = dh ⊙ tanh c;  di = dc ⊙ g;  dg = dc ⊙ i;  df = dc ⊙ c_prev;  dc_prev = dc ⊙ f,
    /// then through the nonlinearities: dẑ = di·i(1−i), df·f(1−f), dg·(1−g²), do·o(1−o).
    /// Overwrites <paramref name="gates"/> with dẑ (0 for inactive rows) and <paramref name="dc"/> with dc_prev;
    /// writes to <paramref name="dhPrevDirect"/> the part of dh_prev that bypasses W_hh (dh for inactive rows, else 0).
    /// </summary>
    public static void Backward(int batch, int hidden, Span<float> gates, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrev,
        ReadOnlySpan<float> dh, Span<float> dc, Span<float> dhPrevDirect, ReadOnlySpan<byte> active, int bits = 0)
    {
        int H = hidden;
        bits = Activations.Resolve(bits);
        fixed (float* pG = gates, pC = c, pCp = cPrev, pDh = dh, pDc = dc, pDhp = dhPrevDirect)
            for (int b = 0; b < batch; b++)
            {
                int s = b * H;
                float* g = pG + 4 * s;
                var direct = new Span<float>(pDhp + s, H);
                if (!active.IsEmpty && active[b] == 0)
                {
                    new Span<float>(pDh + s, H).CopyTo(direct);
                    new Span<float>(g, 4 * H).Clear();
                    continue;
                }
                direct.Clear();
                int j = 0;
                if (bits == 512)
                {
                    var one = Vector512<float>.One;
                    for (; j <= H - 16; j += 16)
                    {
                        var i = Vector512.Load(g + j); var f = Vector512.Load(g + H + j);
                        var gg = Vector512.Load(g + 2 * H + j); var o = Vector512.Load(g + 3 * H + j);
                        var tc = Activations.Tanh(Vector512.Load(pC + s + j));
                        var dhv = Vector512.Load(pDh + s + j);
                        var dcv = Vector512.Load(pDc + s + j) + dhv * o * (one - tc * tc);
                        Vector512.Store(dcv * gg * i * (one - i), g + j);
                        Vector512.Store(dcv * Vector512.Load(pCp + s + j) * f * (one - f), g + H + j);
                        Vector512.Store(dcv * i * (one - gg * gg), g + 2 * H + j);
                        Vector512.Store(dhv * tc * o * (one - o), g + 3 * H + j);
                        Vector512.Store(dcv * f, pDc + s + j);
                    }
                }
                if (bits >= 256)
                {
                    var one = Vector256<float>.One;
                    for (; j <= H - 8; j += 8)
                    {
                        var i = Vector256.Load(g + j); var f = Vector256.Load(g + H + j);
                        var gg = Vector256.Load(g + 2 * H + j); var o = Vector256.Load(g + 3 * H + j);
                        var tc = Activations.Tanh(Vector256.Load(pC + s + j));
                        var dhv = Vector256.Load(pDh + s + j);
                        var dcv = Vector256.Load(pDc + s + j) + dhv * o * (one - tc * tc);
                        Vector256.Store(dcv * gg * i * (one - i), g + j);
                        Vector256.Store(dcv * Vector256.Load(pCp + s + j) * f * (one - f), g + H + j);
                        Vector256.Store(dcv * i * (one - gg * gg), g + 2 * H + j);
                        Vector256.Store(dhv * tc * o * (one - o), g + 3 * H + j);
                        Vector256.Store(dcv * f, pDc + s + j);
                    }
                }
                for (; j < H; j++)
                {
                    float i = g[j], f = g[H + j], gg = g[2 * H + j], o = g[3 * H + j];
                    float tc = Activations.Tanh(pC[s + j]);
                    float dhv = pDh[s + j];
                    float dcv = pDc[s + j] + dhv * o * (1 - tc * tc);
                    g[j] = dcv * gg * i * (1 - i);
                    g[H + j] = dcv * pCp[s + j] * f * (1 - f);
                    g[2 * H + j] = dcv * i * (1 - gg * gg);
                    g[3 * H + j] = dhv * tc * o * (1 - o);
                    pDc[s + j] = dcv * f;
                }
            }
    }
}
