using Recurrent.Kernels;

namespace Recurrent.Layers;

/// <summary>
/// One layer, one direction, through all time steps — forward and backward side by side, the cuDNN way:
/// the input projections of all steps in one GEMM, one small GEMM per step for the recurrent part, all gate
/// nonlinearities of a step in one fused pass, and the weight gradients as one GEMM each after the time loop.
/// Nothing is allocated inside the time loop. This file holds the work before and after the loops; the loops
/// themselves, run over blocks of batch rows on separate cores, are in <see cref="DirectionSteps"/>.
/// </summary>
/// <remarks>
/// Layouts are time-major: x (T, B, I), output (T, B, D·H) of which this direction owns columns
/// [offset, offset + H). <c>active</c> is (T, B), 1 where step t is inside sequence b (empty: all steps valid).
/// The input is dense rows or token ids into an embedding table E (V, I) (<see cref="DirectionInput"/>); with tokens the
/// input side works on V table rows instead of T·B input rows, which is the same arithmetic regrouped.
/// An inactive step carries the state unchanged, so in the forward direction h_n is each sequence's own last
/// step, and the reverse direction starts from h0 at each sequence's own end. States sit in T + 1 slots: the forward
/// direction reads slot t and writes t + 1, the reverse direction reads t + 1 and writes t.
/// </remarks>
internal static class RecurrentDirection
{
    public static void Forward(DirectionWeights w, DirectionCache cache, bool reverse, int T, int B,
        DirectionInput input, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, ReadOnlyMemory<byte> active,
        Memory<float> output, int outputStride, int outputOffset, Memory<float> hn, Memory<float> cn)
    {
        var mode = w.Mode;
        int I = w.InputSize, H = w.HiddenSize, G = w.GateSize, BH = B * H;
        cache.Ensure(mode, T, B, H);

        var gates = cache.Gates.AsSpan(0, T * B * G);
        var bias = cache.FoldedBias.AsSpan(0, G);
        FoldBias(w, bias);
        if (input.IsTokens)
        {
            // ẑ_r = P[token_r] with P = E·W_ihᵀ + b: one (V × I)·(I × G·H) GEMM for the table; the time loop copies the rows.
            int V = input.Table.Length / I;
            var table = cache.EnsureTokenTable(V * G);
            for (int v = 0; v < V; v++) bias.CopyTo(table.Slice(v * G, G));
            Gemm.Multiply(false, true, V, G, I, 1f, input.Table, I, w.WeightIh.Value.Span, I, 1f, table, G);
        }
        else
        {
            // x·W_ihᵀ for all T·B rows at once: one (T·B × I)·(I × G·H) GEMM; the time loop adds b.
            Gemm.Multiply(false, true, T * B, G, I, 1f, input.Rows, I, w.WeightIh.Value.Span, I, 0f, gates, G);
        }

        var states = cache.States.AsSpan(0, (T + 1) * BH);
        var cells = mode == RecurrentMode.Lstm ? cache.Cells.AsSpan(0, (T + 1) * BH) : default;
        int initialSlot = reverse ? T : 0;
        CopyOrClear(h0, states.Slice(initialSlot * BH, BH));
        if (mode == RecurrentMode.Lstm) CopyOrClear(c0, cells.Slice(initialSlot * BH, BH));

        Gemm.Pack(true, H, G, w.WeightHh.Value.Span, H, w.PackedWeightHh);
        DirectionSteps.Forward(w, cache, reverse, T, B, input.Tokens, active, output, outputStride, outputOffset, hn, cn);
    }

    /// <summary>
    /// Backpropagates through the saved forward pass. Accumulates parameter gradients and <paramref name="dx"/> (+=;
    /// shaped as the input: rows (T·B, I), or the table (V, I) for tokens); writes <paramref name="dh0"/> and
    /// <paramref name="dc0"/>. <paramref name="dOutput"/> has the layout of the forward output.
    /// </summary>
    public static void Backward(DirectionWeights w, DirectionCache cache, bool reverse,
        DirectionInput input, ReadOnlyMemory<byte> active, ReadOnlyMemory<float> dOutput, int outputStride, int outputOffset,
        ReadOnlySpan<float> dhn, ReadOnlySpan<float> dcn, Span<float> dx, Memory<float> dh0, Memory<float> dc0)
    {
        if (cache.Consumed) throw new InvalidOperationException("Backward was already run for this forward pass; run Forward again first.");
        cache.Consumed = true;
        var mode = w.Mode;
        int T = cache.Steps, B = cache.Batch, I = w.InputSize, H = w.HiddenSize, G = w.GateSize, BH = B * H;
        var gates = cache.Gates.AsSpan(0, T * B * G);                      // becomes dẑ (input side)
        var recurrentGrad = mode == RecurrentMode.Gru ? cache.RecurrentGrad.AsSpan(0, T * B * G) : gates;
        var states = cache.States.AsSpan(0, (T + 1) * BH);
        CopyOrClear(dhn, cache.Dh.AsSpan(0, BH));
        if (mode == RecurrentMode.Lstm) CopyOrClear(dcn, cache.Dc.AsSpan(0, BH));

        Gemm.Pack(false, G, H, w.WeightHh.Value.Span, H, w.PackedWeightHh);
        DirectionSteps.Backward(w, cache, reverse, active, dOutput, outputStride, outputOffset, dh0, dc0);

        // Weight gradients once for all steps: dW_hh += dẑ_hᵀ·H_prev; db = Σ_rows of the per-row sums; then the input side.
        int rows = T * B;
        var previousStates = states.Slice((reverse ? 1 : 0) * BH, T * BH);   // row t·B+b holds h_prev of step t
        Gemm.Multiply(true, false, G, H, rows, 1f, recurrentGrad, G, previousStates, H, 1f, w.WeightHh.Grad.Span, H);
        if (w.BiasIh is { } bih) AddRowSums(cache.BiasGrad, B, G, bih.Grad.Span);
        if (w.BiasHh is { } bhh) AddRowSums(mode == RecurrentMode.Gru ? cache.BiasGradHh : cache.BiasGrad, B, G, bhh.Grad.Span);
        if (input.IsTokens) BackwardTokens(w, cache, input, gates, dx);
        else
        {
            // dW_ih += dẑᵀ·X, dX += dẑ·W_ih.
            Gemm.Multiply(true, false, G, I, rows, 1f, gates, G, input.Rows, I, 1f, w.WeightIh.Grad.Span, I);
            Gemm.Multiply(false, false, rows, I, G, 1f, gates, G, w.WeightIh.Value.Span, I, 1f, dx, I);
        }
    }

    // Rows of one token share an input row E[v], so group dẑ by token first: S[v] = Σ_{r: token_r = v} dẑ_r.
    // Then dW_ih += Sᵀ·E, dE += S·W_ih: GEMMs over V rows instead of T·B.
    private static void BackwardTokens(DirectionWeights w, DirectionCache cache, DirectionInput input,
        ReadOnlySpan<float> dz, Span<float> dTable)
    {
        int I = w.InputSize, G = w.GateSize, V = input.Table.Length / I;
        var sums = cache.EnsureTokenTable(V * G);
        sums.Clear();
        ScatterAdd.Rows(input.Tokens.Span, dz, G, sums);
        Gemm.Multiply(true, false, G, I, V, 1f, sums, G, input.Table, I, 1f, w.WeightIh.Grad.Span, I);
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
