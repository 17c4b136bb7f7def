using Recurrent.Kernels;

namespace Recurrent.Layers;

/// <summary>
/// One layer, one direction, through all time steps — forward and backward side by side, the cuDNN way:
/// the input projections of all steps in one GEMM, one small GEMM per step for the recurrent part, all gate
/// nonlinearities of a step in one fused pass, and the weight gradients as one GEMM each after the time loop.
/// Nothing is allocated inside the time loop.
/// </summary>
/// <remarks>
/// Layouts are time-major: x (T, B, I), output (T, B, D·H) of which this direction owns columns
/// [offset, offset + H). <c>active</c> is (T, B), 1 where step t is inside sequence b (empty: all steps valid).
/// The input is dense rows or token ids into an embedding table E (V, I) (<see cref="DirectionInput"/>); with tokens the
/// input side works on V table rows instead of T·B input rows, which is the same arithmetic regrouped.
/// An inactive step carries the state unchanged, so in the forward direction h_n is each sequence's own last
/// step, and the reverse direction starts from h0 at each sequence's own end.
/// </remarks>
internal static class RecurrentDirection
{
    // Slots of the state buffers: forward runs t = 0..T−1 reading slot t, writing t+1; reverse runs t = T−1..0 reading t+1, writing t.
    private static int PreviousSlot(int t, bool reverse) => reverse ? t + 1 : t;
    private static int OutputSlot(int t, bool reverse) => reverse ? t : t + 1;

    public static void Forward(DirectionWeights w, DirectionCache cache, bool reverse, int T, int B,
        DirectionInput input, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, ReadOnlySpan<byte> active,
        Span<float> output, int outputStride, int outputOffset, Span<float> hn, Span<float> cn)
    {
        var mode = w.Mode;
        int I = w.InputSize, H = w.HiddenSize, G = w.GateSize, BH = B * H;
        cache.Ensure(mode, T, B, H);

        var gates = cache.Gates.AsSpan(0, T * B * G);
        var bias = cache.FoldedBias.AsSpan(0, G);
        FoldBias(w, bias);
        if (input.IsTokens)
        {
            // ẑ_r = P[token_r] with P = E·W_ihᵀ + b: one (V × I)·(I × G·H) GEMM for the table, then a row copy per input row.
            int V = input.Table.Length / I;
            var table = cache.EnsureTokenTable(V * G);
            for (int v = 0; v < V; v++) bias.CopyTo(table.Slice(v * G, G));
            Gemm.Multiply(false, true, V, G, I, 1f, input.Table, I, w.WeightIh.Value.Span, I, 1f, table, G);
            for (int r = 0; r < T * B; r++) table.Slice(input.Tokens[r] * G, G).CopyTo(gates.Slice(r * G, G));
        }
        else
        {
            // ẑ = x·W_ihᵀ + b for all T·B rows at once: one (T·B × I)·(I × G·H) GEMM.
            for (int r = 0; r < T * B; r++) bias.CopyTo(gates.Slice(r * G, G));
            Gemm.Multiply(false, true, T * B, G, I, 1f, input.Rows, I, w.WeightIh.Value.Span, I, 1f, gates, G);
        }

        var states = cache.States.AsSpan(0, (T + 1) * BH);
        var cells = mode == RecurrentMode.Lstm ? cache.Cells.AsSpan(0, (T + 1) * BH) : default;
        int initialSlot = reverse ? T : 0;
        CopyOrClear(h0, states.Slice(initialSlot * BH, BH));
        if (mode == RecurrentMode.Lstm) CopyOrClear(c0, cells.Slice(initialSlot * BH, BH));

        Gemm.Pack(true, H, G, w.WeightHh.Value.Span, H, w.WeightHhTransposedPacked);
        var product = cache.StepProduct.AsSpan(0, B * G);
        var biasHn = mode == RecurrentMode.Gru && w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * H, H) : default;
        for (int s = 0; s < T; s++)
        {
            int t = reverse ? T - 1 - s : s;
            int prev = PreviousSlot(t, reverse) * BH, next = OutputSlot(t, reverse) * BH;
            var stepActive = active.IsEmpty ? default : active.Slice(t * B, B);
            var stepGates = gates.Slice(t * B * G, B * G);
            // h_prev·W_hhᵀ: one (B × H)·(H × G·H) GEMM per step.
            Gemm.Multiply(false, B, G, H, 1f, states.Slice(prev, BH), H, w.WeightHhTransposedPacked, 0f, product, G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Forward(B, H, stepGates, product, states.Slice(prev, BH), cells.Slice(prev, BH),
                        states.Slice(next, BH), cells.Slice(next, BH), stepActive);
                    break;
                case RecurrentMode.Gru:
                    GruGates.Forward(B, H, stepGates, product, biasHn, states.Slice(prev, BH), states.Slice(next, BH),
                        cache.HiddenN.AsSpan(t * BH, BH), stepActive);
                    break;
                default:
                    RnnGates.Forward(mode == RecurrentMode.RnnRelu, B, H, stepGates, product, states.Slice(prev, BH),
                        states.Slice(next, BH), stepActive);
                    break;
            }
        }

        // output[t, b, offset..offset+H) = h_t for valid steps, 0 for padding (as pad_packed_sequence).
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
            {
                var dst = output.Slice((t * B + b) * outputStride + outputOffset, H);
                if (active.IsEmpty || active[t * B + b] != 0) states.Slice(OutputSlot(t, reverse) * BH + b * H, H).CopyTo(dst);
                else dst.Clear();
            }
        int finalSlot = reverse ? 0 : T;
        states.Slice(finalSlot * BH, BH).CopyTo(hn);
        if (mode == RecurrentMode.Lstm) cells.Slice(finalSlot * BH, BH).CopyTo(cn);
    }

    /// <summary>
    /// Backpropagates through the saved forward pass. Accumulates parameter gradients and <paramref name="dx"/> (+=;
    /// shaped as the input: rows (T·B, I), or the table (V, I) for tokens); writes <paramref name="dh0"/> and
    /// <paramref name="dc0"/>. <paramref name="dOutput"/> has the layout of the forward output.
    /// </summary>
    public static void Backward(DirectionWeights w, DirectionCache cache, bool reverse,
        DirectionInput input, ReadOnlySpan<byte> active, ReadOnlySpan<float> dOutput, int outputStride, int outputOffset,
        ReadOnlySpan<float> dhn, ReadOnlySpan<float> dcn, Span<float> dx, Span<float> dh0, Span<float> dc0)
    {
        if (cache.Consumed) throw new InvalidOperationException("Backward was already run for this forward pass; run Forward again first.");
        cache.Consumed = true;
        var mode = w.Mode;
        int T = cache.Steps, B = cache.Batch, I = w.InputSize, H = w.HiddenSize, G = w.GateSize, BH = B * H;
        var gates = cache.Gates.AsSpan(0, T * B * G);                      // becomes dẑ (input side)
        var recurrentGrad = mode == RecurrentMode.Gru ? cache.RecurrentGrad.AsSpan(0, T * B * G) : gates;
        var states = cache.States.AsSpan(0, (T + 1) * BH);
        var cells = mode == RecurrentMode.Lstm ? cache.Cells.AsSpan(0, (T + 1) * BH) : default;
        var dh = cache.Dh.AsSpan(0, BH);
        var dhNext = cache.DhNext.AsSpan(0, BH);
        var dc = cache.Dc.AsSpan(0, BH);
        CopyOrClear(dhn, dh);
        if (mode == RecurrentMode.Lstm) CopyOrClear(dcn, dc);

        Gemm.Pack(false, G, H, w.WeightHh.Value.Span, H, w.WeightHhPacked);
        for (int s = T - 1; s >= 0; s--)
        {
            int t = reverse ? T - 1 - s : s;
            int prev = PreviousSlot(t, reverse) * BH, next = OutputSlot(t, reverse) * BH;
            var stepActive = active.IsEmpty ? default : active.Slice(t * B, B);

            // dh += dL/doutput_t on valid steps (padded outputs are constant zeros).
            for (int b = 0; b < B; b++)
                if (active.IsEmpty || active[t * B + b] != 0)
                    TensorPrimitives.Add(dh.Slice(b * H, H), dOutput.Slice((t * B + b) * outputStride + outputOffset, H), dh.Slice(b * H, H));

            var stepGates = gates.Slice(t * B * G, B * G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Backward(B, H, stepGates, cells.Slice(next, BH), cells.Slice(prev, BH), dh, dc, dhNext, stepActive);
                    break;
                case RecurrentMode.Gru:
                    GruGates.Backward(B, H, stepGates, cache.HiddenN.AsSpan(t * BH, BH), states.Slice(prev, BH), dh,
                        recurrentGrad.Slice(t * B * G, B * G), dhNext, stepActive);
                    break;
                default:
                    RnnGates.Backward(mode == RecurrentMode.RnnRelu, B, H, states.Slice(next, BH), dh, stepGates, dhNext, stepActive);
                    break;
            }
            // forward: ẑ ⊇ h_prev·W_hhᵀ  ⇒  dh_prev += dẑ·W_hh: one (B × G·H)·(G·H × H) GEMM per step.
            Gemm.Multiply(false, B, H, G, 1f, recurrentGrad.Slice(t * B * G, B * G), G, w.WeightHhPacked, 1f, dhNext, H);
            var swap = dh; dh = dhNext; dhNext = swap;
        }
        dh.CopyTo(dh0);
        if (mode == RecurrentMode.Lstm) dc.CopyTo(dc0);

        // Weight gradients once for all steps: dW_hh += dẑ_hᵀ·H_prev, db_hh = Σ_rows dẑ_h; then the input side.
        int rows = T * B;
        var previousStates = states.Slice((reverse ? 1 : 0) * BH, T * BH);   // row t·B+b holds h_prev of step t
        Gemm.Multiply(true, false, G, H, rows, 1f, recurrentGrad, G, previousStates, H, 1f, w.WeightHh.Grad.Span, H);
        if (w.BiasHh is { } bhh) AddRowSums(recurrentGrad, rows, G, bhh.Grad.Span);
        if (input.IsTokens) BackwardTokens(w, cache, input, gates, dx);
        else
        {
            // dW_ih += dẑᵀ·X, db_ih = Σ_rows dẑ, dX += dẑ·W_ih.
            Gemm.Multiply(true, false, G, I, rows, 1f, gates, G, input.Rows, I, 1f, w.WeightIh.Grad.Span, I);
            if (w.BiasIh is { } bih) AddRowSums(gates, rows, G, bih.Grad.Span);
            Gemm.Multiply(false, false, rows, I, G, 1f, gates, G, w.WeightIh.Value.Span, I, 1f, dx, I);
        }
    }

    // Rows of one token share an input row E[v], so group dẑ by token first: S[v] = Σ_{r: token_r = v} dẑ_r.
    // Then dW_ih += Sᵀ·E, db_ih += Σ_v S[v], dE += S·W_ih: GEMMs over V rows instead of T·B.
    private static void BackwardTokens(DirectionWeights w, DirectionCache cache, DirectionInput input,
        ReadOnlySpan<float> dz, Span<float> dTable)
    {
        int I = w.InputSize, G = w.GateSize, V = input.Table.Length / I;
        var sums = cache.EnsureTokenTable(V * G);
        sums.Clear();
        for (int r = 0; r < input.Tokens.Length; r++)
        {
            var row = sums.Slice(input.Tokens[r] * G, G);
            TensorPrimitives.Add(row, dz.Slice(r * G, G), row);
        }
        Gemm.Multiply(true, false, G, I, V, 1f, sums, G, input.Table, I, 1f, w.WeightIh.Grad.Span, I);
        if (w.BiasIh is { } bih) AddRowSums(sums, V, G, bih.Grad.Span);
        Gemm.Multiply(false, false, V, I, G, 1f, sums, G, w.WeightIh.Value.Span, I, 1f, dTable, I);
    }

    // b_ih + b_hh folded into the input projection, except GRU's b_hn, which sits inside r ⊙ (W_hn h + b_hn).
    internal static void FoldBias(DirectionWeights w, Span<float> bias)
    {
        bias.Clear();
        if (w.BiasIh is { } bih) bih.Value.Span.CopyTo(bias);
        if (w.BiasHh is { } bhh)
        {
            int n = w.Mode == RecurrentMode.Gru ? 2 * w.HiddenSize : w.GateSize;
            TensorPrimitives.Add(bias[..n], bhh.Value.Span[..n], bias[..n]);
        }
    }

    private static void AddRowSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums)
    {
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sums, matrix.Slice(r * cols, cols), sums);
    }

    private static void CopyOrClear(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.IsEmpty) destination.Clear();
        else source.CopyTo(destination);
    }
}
