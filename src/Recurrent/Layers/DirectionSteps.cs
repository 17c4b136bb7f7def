using Recurrent.Kernels;

namespace Recurrent.Layers;

/// <summary>
/// The time loops of one layer-direction (forward and backward side by side), run over blocks of batch rows.
/// Rows of a batch never meet inside the recurrence: row b's h_t depends only on row b's h_{t−1}. So each block runs
/// all T steps on its own, one block per core, with no synchronisation per step; each block's step product is a
/// small GEMM of its rows against the shared, packed W_hh. The per-step elementwise work is split for free.
/// </summary>
/// <remarks>
/// Blocks are tasks of <see cref="KernelThreads"/>: a core that another process took simply runs fewer blocks.
/// Buffers are the direction's (<see cref="DirectionCache"/>) and the caller's; a span cannot be kept in a field for
/// the worker threads, so the caller's come as <see cref="Memory{T}"/> (an array, an offset, a length), held for the
/// call only. Layouts and state slots as described on <see cref="RecurrentDirection"/>.
/// </remarks>
internal sealed class DirectionSteps : IParallelWork
{
    [ThreadStatic] private static DirectionSteps? _forThisThread;
    public static DirectionSteps ForThisThread => _forThisThread ??= new DirectionSteps();

    /// <summary>Blocks narrower than this do not pay for themselves: their GEMMs waste most of the 6-row micro-tile.</summary>
    private const int MinimumRowsPerBlock = 8;

    private bool _backward, _reverse;
    private DirectionWeights _w = null!;
    private DirectionCache _cache = null!;
    private int _steps, _batch, _rowsPerBlock, _stride, _offset;
    private ReadOnlyMemory<byte> _active;            // (T, B), empty: all steps valid
    private ReadOnlyMemory<int> _tokens;             // forward, token input (T, B): gates_r = table[token_r]
    private Memory<float> _output, _hn, _cn;         // forward
    private ReadOnlyMemory<float> _dOutput;          // backward
    private Memory<float> _dh0, _dc0;                // backward

    /// <summary>
    /// Forward loop: completes the input side of each step (a row of the token table, or x·W_ihᵀ in Gates plus the
    /// folded bias), fills States/Cells, writes output rows and h_n, c_n.
    /// </summary>
    public static void Forward(DirectionWeights w, DirectionCache cache, bool reverse, int T, int B, ReadOnlyMemory<int> tokens,
        ReadOnlyMemory<byte> active, Memory<float> output, int outputStride, int outputOffset, Memory<float> hn, Memory<float> cn)
    {
        var job = ForThisThread;
        (job._backward, job._w, job._cache, job._reverse, job._steps, job._batch) = (false, w, cache, reverse, T, B);
        (job._tokens, job._active, job._output, job._stride, job._offset, job._hn, job._cn) =
            (tokens, active, output, outputStride, outputOffset, hn, cn);
        job.RunBlocks();
    }

    /// <summary>Backward loop: turns Gates into dẑ (and GRU's RecurrentGrad), carries dh, dc; writes dh0, dc0.</summary>
    public static void Backward(DirectionWeights w, DirectionCache cache, bool reverse, ReadOnlyMemory<byte> active,
        ReadOnlyMemory<float> dOutput, int outputStride, int outputOffset, Memory<float> dh0, Memory<float> dc0)
    {
        var job = ForThisThread;
        (job._backward, job._w, job._cache, job._reverse, job._steps, job._batch) = (true, w, cache, reverse, cache.Steps, cache.Batch);
        (job._active, job._dOutput, job._stride, job._offset, job._dh0, job._dc0) = (active, dOutput, outputStride, outputOffset, dh0, dc0);
        job.RunBlocks();
    }

    private void RunBlocks()
    {
        int blocks = Math.Clamp(_batch / MinimumRowsPerBlock, 1, KernelThreads.Count);
        _rowsPerBlock = (_batch + blocks - 1) / blocks;
        try { KernelThreads.Run(this, (_batch + _rowsPerBlock - 1) / _rowsPerBlock); }
        finally
        {
            // Hold nobody's buffers past the call.
            (_w, _cache) = (null!, null!);
            (_active, _tokens, _dOutput) = (default, default, default);
            (_output, _hn, _cn, _dh0, _dc0) = (default, default, default, default, default);
        }
    }

    public void Execute(int block)
    {
        int b0 = block * _rowsPerBlock, b1 = Math.Min(_batch, b0 + _rowsPerBlock);
        if (_backward) BackwardRows(b0, b1);
        else ForwardRows(b0, b1);
    }

    // Slots of the state buffers: forward runs t = 0..T−1 reading slot t, writing t+1; reverse runs t = T−1..0 reading t+1, writing t.
    private int PreviousSlot(int t) => _reverse ? t + 1 : t;
    private int OutputSlot(int t) => _reverse ? t : t + 1;

    private static ReadOnlySpan<byte> StepActive(ReadOnlySpan<byte> active, int B, int t, int b0, int rows) =>
        active.IsEmpty ? default : active.Slice(t * B + b0, rows);

    /// <summary>
    /// Rows of a block up to and including its last active one at a step: the rest only carry their state. Batches sorted
    /// longest first (as the batchers and <c>pack_padded_sequence</c> make them) run ever fewer rows as sequences end.
    /// </summary>
    private static int LiveRows(ReadOnlySpan<byte> stepActive, int rows)
    {
        if (stepActive.IsEmpty) return rows;
        int live = rows;
        while (live > 0 && stepActive[live - 1] == 0) live--;
        return live;
    }

    // GRU's b_hn (H), which stays inside r ⊙ (W_hn h + b_hn); empty for the other cells or without biases.
    private static ReadOnlySpan<float> BiasHn(DirectionWeights w) =>
        w.Mode == RecurrentMode.Gru && w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * w.HiddenSize, w.HiddenSize) : default;

    private void ForwardRows(int b0, int b1)
    {
        var mode = _w.Mode;
        int T = _steps, B = _batch, H = _w.HiddenSize, G = _w.GateSize, BH = B * H, rows = b1 - b0, n = rows * H;
        Span<float> states = _cache.States, cells = _cache.Cells, allGates = _cache.Gates, hiddenN = _cache.HiddenN;
        ReadOnlySpan<float> table = _cache.TokenTable, foldedBias = _cache.FoldedBias.AsSpan(0, G), biasHn = BiasHn(_w);
        ReadOnlySpan<int> tokens = _tokens.Span;
        ReadOnlySpan<byte> active = _active.Span;
        var product = _cache.StepProduct.AsSpan(b0 * G, rows * G);
        for (int s = 0; s < T; s++)
        {
            int t = _reverse ? T - 1 - s : s;
            int prev = PreviousSlot(t) * BH + b0 * H, next = OutputSlot(t) * BH + b0 * H;
            var hPrev = states.Slice(prev, n);
            var h = states.Slice(next, n);
            var gates = allGates.Slice((t * B + b0) * G, rows * G);
            // The input side ẑ = x·W_ihᵀ + b: a table row per token, or the bias added to the projection.
            for (int b = 0; b < rows; b++)
            {
                var row = gates.Slice(b * G, G);
                if (!tokens.IsEmpty) table.Slice(tokens[t * B + b0 + b] * G, G).CopyTo(row);
                else TensorPrimitives.Add(row, foldedBias, row);
            }
            // h_prev·W_hhᵀ: one (live × H)·(H × G·H) GEMM per step, over the rows up to the last one still running
            // (the rows past it only carry their state, and the gate kernel never reads their product).
            var stepActive = StepActive(active, B, t, b0, rows);
            int live = LiveRows(stepActive, rows);
            if (live > 0) Gemm.Multiply(false, live, G, H, 1f, hPrev, H, _w.PackedWeightHh, 0f, product, G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Forward(rows, H, gates, product, hPrev, cells.Slice(prev, n), h, cells.Slice(next, n), stepActive);
                    break;
                case RecurrentMode.Gru:
                    GruGates.Forward(rows, H, gates, product, biasHn, hPrev, h, hiddenN.Slice((t * B + b0) * H, n), stepActive);
                    break;
                default:
                    RnnGates.Forward(mode == RecurrentMode.RnnRelu, rows, H, gates, product, hPrev, h, stepActive);
                    break;
            }
        }

        // output[t, b, offset..offset+H) = h_t for valid steps, 0 for padding (as pad_packed_sequence).
        var output = _output.Span;
        for (int t = 0; t < T; t++)
            for (int b = b0; b < b1; b++)
            {
                var dst = output.Slice((t * B + b) * _stride + _offset, H);
                if (active.IsEmpty || active[t * B + b] != 0) states.Slice(OutputSlot(t) * BH + b * H, H).CopyTo(dst);
                else dst.Clear();
            }
        int final = (_reverse ? 0 : T) * BH + b0 * H;
        states.Slice(final, n).CopyTo(_hn.Span.Slice(b0 * H, n));
        if (mode == RecurrentMode.Lstm) cells.Slice(final, n).CopyTo(_cn.Span.Slice(b0 * H, n));
    }

    private void BackwardRows(int b0, int b1)
    {
        var mode = _w.Mode;
        int T = _steps, B = _batch, H = _w.HiddenSize, G = _w.GateSize, BH = B * H, rows = b1 - b0, n = rows * H;
        Span<float> states = _cache.States, cells = _cache.Cells, allGates = _cache.Gates, hiddenN = _cache.HiddenN;
        Span<float> allRecurrentGrad = mode == RecurrentMode.Gru ? _cache.RecurrentGrad : _cache.Gates;
        ReadOnlySpan<float> dOutput = _dOutput.Span;
        ReadOnlySpan<byte> active = _active.Span;
        var dh = _cache.Dh.AsSpan(b0 * H, n);
        var dhNext = _cache.DhNext.AsSpan(b0 * H, n);
        var dc = _cache.Dc.AsSpan(b0 * H, n);
        var biasGrad = _cache.BiasGrad.AsSpan(b0 * G, rows * G);
        var biasGradHh = mode == RecurrentMode.Gru ? _cache.BiasGradHh.AsSpan(b0 * G, rows * G) : default;
        biasGrad.Clear();
        biasGradHh.Clear();
        for (int s = T - 1; s >= 0; s--)
        {
            int t = _reverse ? T - 1 - s : s;
            int prev = PreviousSlot(t) * BH + b0 * H, next = OutputSlot(t) * BH + b0 * H;
            var stepActive = StepActive(active, B, t, b0, rows);

            // dh += dL/doutput_t on valid steps (padded outputs are constant zeros).
            for (int b = b0; b < b1; b++)
                if (active.IsEmpty || active[t * B + b] != 0)
                {
                    var row = dh.Slice((b - b0) * H, H);
                    TensorPrimitives.Add(row, dOutput.Slice((t * B + b) * _stride + _offset, H), row);
                }

            int gateRow = (t * B + b0) * G;
            var gates = allGates.Slice(gateRow, rows * G);
            var recurrentGrad = allRecurrentGrad.Slice(gateRow, rows * G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Backward(rows, H, gates, cells.Slice(next, n), cells.Slice(prev, n), dh, dc, dhNext, stepActive);
                    break;
                case RecurrentMode.Gru:
                    GruGates.Backward(rows, H, gates, hiddenN.Slice((t * B + b0) * H, n), states.Slice(prev, n), dh, recurrentGrad,
                        dhNext, stepActive);
                    break;
                default:
                    RnnGates.Backward(mode == RecurrentMode.RnnRelu, rows, H, states.Slice(next, n), dh, gates, dhNext, stepActive);
                    break;
            }
            // db = Σ_t dẑ_t, kept per row while the step is hot in cache (summed over rows in a fixed order afterwards).
            TensorPrimitives.Add(biasGrad, gates, biasGrad);
            if (!biasGradHh.IsEmpty) TensorPrimitives.Add(biasGradHh, recurrentGrad, biasGradHh);
            // forward: ẑ ⊇ h_prev·W_hhᵀ  ⇒  dh_prev += dẑ·W_hh: one (live × G·H)·(G·H × H) GEMM per step (dẑ = 0 past the live rows).
            int live = LiveRows(stepActive, rows);
            if (live > 0) Gemm.Multiply(false, live, H, G, 1f, recurrentGrad, G, _w.PackedWeightHh, 1f, dhNext, H);
            var swap = dh; dh = dhNext; dhNext = swap;
        }
        dh.CopyTo(_dh0.Span.Slice(b0 * H, n));
        if (mode == RecurrentMode.Lstm) dc.CopyTo(_dc0.Span.Slice(b0 * H, n));
    }
}
