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
/// Buffers are the direction's (<see cref="DirectionCache"/>) and the caller's, pinned for the call; layouts and state
/// slots as described on <see cref="RecurrentDirection"/>.
/// </remarks>
internal sealed unsafe class DirectionSteps : IParallelWork
{
    [ThreadStatic] private static DirectionSteps? _forThisThread;
    public static DirectionSteps ForThisThread => _forThisThread ??= new DirectionSteps();

    /// <summary>Blocks narrower than this do not pay for themselves: their GEMMs waste most of the 6-row micro-tile.</summary>
    private const int MinimumRowsPerBlock = 8;

    private bool _backward, _reverse;
    private DirectionWeights _w = null!;
    private PackedMatrix _packed = null!;
    private int _steps, _batch, _rowsPerBlock, _stride, _offset;
    private byte* _active;
    private float* _gates, _recurrentGrad, _states, _cells, _hiddenN, _product, _biasHn;
    private float* _output, _hn, _cn;                 // forward
    private int* _tokens;                             // forward, token input: gates_r = table[token_r]
    private float* _table, _foldedBias;               // forward: the token table, or the bias added to x·W_ihᵀ
    private float* _dOutput, _dh, _dhNext, _dc, _dh0, _dc0;   // backward
    private float* _biasGrad, _biasGradHh;            // backward: per-row sums of dẑ over time (B, G·H)

    /// <summary>
    /// Forward loop: completes the input side of each step (a row of the token table, or x·W_ihᵀ in Gates plus the
    /// folded bias), fills States/Cells, writes output rows and h_n, c_n.
    /// </summary>
    public static void Forward(DirectionWeights w, DirectionCache cache, bool reverse, int T, int B, ReadOnlySpan<int> tokens,
        ReadOnlySpan<byte> active, Span<float> output, int outputStride, int outputOffset, Span<float> hn, Span<float> cn)
    {
        var job = ForThisThread;
        int H = w.HiddenSize;
        fixed (byte* pActive = active)
        fixed (int* pTokens = tokens)
        fixed (float* pGates = cache.Gates, pStates = cache.States, pCells = cache.Cells, pHiddenN = cache.HiddenN,
               pProduct = cache.StepProduct, pOutput = output, pHn = hn, pCn = cn, pTable = cache.TokenTable, pBias = cache.FoldedBias)
        fixed (float* pBiasHn = w.Mode == RecurrentMode.Gru && w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * H, H) : default)
        {
            job.Set(false, w, w.PackedWeightHh, reverse, T, B, pActive, pGates, null, pStates, pCells, pHiddenN, pProduct, pBiasHn);
            job._output = pOutput; job._hn = pHn; job._cn = pCn;
            job._stride = outputStride; job._offset = outputOffset;
            job._tokens = tokens.IsEmpty ? null : pTokens; job._table = pTable; job._foldedBias = pBias;
            job.RunBlocks();
        }
    }

    /// <summary>Backward loop: turns Gates into dẑ (and GRU's RecurrentGrad), carries dh, dc; writes dh0, dc0.</summary>
    public static void Backward(DirectionWeights w, DirectionCache cache, bool reverse, ReadOnlySpan<byte> active,
        ReadOnlySpan<float> dOutput, int outputStride, int outputOffset, Span<float> dh0, Span<float> dc0)
    {
        var job = ForThisThread;
        fixed (byte* pActive = active)
        fixed (float* pGates = cache.Gates, pRecurrentGrad = cache.RecurrentGrad, pStates = cache.States, pCells = cache.Cells,
               pHiddenN = cache.HiddenN, pDOutput = dOutput, pDh = cache.Dh, pDhNext = cache.DhNext, pDc = cache.Dc,
               pDh0 = dh0, pDc0 = dc0, pBiasGrad = cache.BiasGrad, pBiasGradHh = cache.BiasGradHh)
        {
            job.Set(true, w, w.PackedWeightHh, reverse, cache.Steps, cache.Batch, pActive, pGates,
                w.Mode == RecurrentMode.Gru ? pRecurrentGrad : pGates, pStates, pCells, pHiddenN, null, null);
            job._dOutput = pDOutput; job._stride = outputStride; job._offset = outputOffset;
            job._dh = pDh; job._dhNext = pDhNext; job._dc = pDc; job._dh0 = pDh0; job._dc0 = pDc0;
            job._biasGrad = pBiasGrad; job._biasGradHh = w.Mode == RecurrentMode.Gru ? pBiasGradHh : null;
            job.RunBlocks();
        }
    }

    private void Set(bool backward, DirectionWeights w, PackedMatrix packed, bool reverse, int T, int B, byte* active,
        float* gates, float* recurrentGrad, float* states, float* cells, float* hiddenN, float* product, float* biasHn)
    {
        (_backward, _w, _packed, _reverse, _steps, _batch) = (backward, w, packed, reverse, T, B);
        _active = active; _gates = gates; _recurrentGrad = recurrentGrad; _states = states; _cells = cells;
        _hiddenN = hiddenN; _product = product; _biasHn = biasHn;
    }

    private void RunBlocks()
    {
        int blocks = Math.Clamp(_batch / MinimumRowsPerBlock, 1, KernelThreads.Count);
        _rowsPerBlock = (_batch + blocks - 1) / blocks;
        KernelThreads.Run(this, (_batch + _rowsPerBlock - 1) / _rowsPerBlock);
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

    private ReadOnlySpan<byte> StepActive(int t, int b0, int rows) =>
        _active == null ? default : new ReadOnlySpan<byte>(_active + (long)t * _batch + b0, rows);

    private void ForwardRows(int b0, int b1)
    {
        var mode = _w.Mode;
        int T = _steps, B = _batch, H = _w.HiddenSize, G = _w.GateSize, BH = B * H, rows = b1 - b0, n = rows * H;
        var product = new Span<float>(_product + (long)b0 * G, rows * G);
        var biasHn = _biasHn == null ? default : new ReadOnlySpan<float>(_biasHn, H);
        var foldedBias = new ReadOnlySpan<float>(_foldedBias, G);
        for (int s = 0; s < T; s++)
        {
            int t = _reverse ? T - 1 - s : s;
            long prev = (long)PreviousSlot(t) * BH + b0 * H, next = (long)OutputSlot(t) * BH + b0 * H;
            var hPrev = new Span<float>(_states + prev, n);
            var h = new Span<float>(_states + next, n);
            var gates = new Span<float>(_gates + ((long)t * B + b0) * G, rows * G);
            // The input side ẑ = x·W_ihᵀ + b: a table row per token, or the bias added to the projection.
            for (int b = 0; b < rows; b++)
            {
                var row = gates.Slice(b * G, G);
                if (_tokens != null) new ReadOnlySpan<float>(_table + (long)_tokens[t * B + b0 + b] * G, G).CopyTo(row);
                else TensorPrimitives.Add(row, foldedBias, row);
            }
            // h_prev·W_hhᵀ: one (rows × H)·(H × G·H) GEMM per step.
            Gemm.Multiply(false, rows, G, H, 1f, hPrev, H, _packed, 0f, product, G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Forward(rows, H, gates, product, hPrev, new Span<float>(_cells + prev, n), h,
                        new Span<float>(_cells + next, n), StepActive(t, b0, rows));
                    break;
                case RecurrentMode.Gru:
                    GruGates.Forward(rows, H, gates, product, biasHn, hPrev, h,
                        new Span<float>(_hiddenN + ((long)t * B + b0) * H, n), StepActive(t, b0, rows));
                    break;
                default:
                    RnnGates.Forward(mode == RecurrentMode.RnnRelu, rows, H, gates, product, hPrev, h, StepActive(t, b0, rows));
                    break;
            }
        }

        // output[t, b, offset..offset+H) = h_t for valid steps, 0 for padding (as pad_packed_sequence).
        for (int t = 0; t < T; t++)
            for (int b = b0; b < b1; b++)
            {
                var dst = new Span<float>(_output + ((long)t * B + b) * _stride + _offset, H);
                if (_active == null || _active[t * B + b] != 0) new Span<float>(_states + (long)OutputSlot(t) * BH + b * H, H).CopyTo(dst);
                else dst.Clear();
            }
        long final = (long)(_reverse ? 0 : T) * BH + b0 * H;
        new Span<float>(_states + final, n).CopyTo(new Span<float>(_hn + b0 * H, n));
        if (mode == RecurrentMode.Lstm) new Span<float>(_cells + final, n).CopyTo(new Span<float>(_cn + b0 * H, n));
    }

    private void BackwardRows(int b0, int b1)
    {
        var mode = _w.Mode;
        int T = _steps, B = _batch, H = _w.HiddenSize, G = _w.GateSize, BH = B * H, rows = b1 - b0, n = rows * H;
        var dh = new Span<float>(_dh + b0 * H, n);
        var dhNext = new Span<float>(_dhNext + b0 * H, n);
        var dc = new Span<float>(_dc + b0 * H, n);
        var biasGrad = new Span<float>(_biasGrad + (long)b0 * G, rows * G);
        var biasGradHh = _biasGradHh == null ? default : new Span<float>(_biasGradHh + (long)b0 * G, rows * G);
        biasGrad.Clear();
        biasGradHh.Clear();
        for (int s = T - 1; s >= 0; s--)
        {
            int t = _reverse ? T - 1 - s : s;
            long prev = (long)PreviousSlot(t) * BH + b0 * H, next = (long)OutputSlot(t) * BH + b0 * H;
            var stepActive = StepActive(t, b0, rows);

            // dh += dL/doutput_t on valid steps (padded outputs are constant zeros).
            for (int b = b0; b < b1; b++)
                if (_active == null || _active[t * B + b] != 0)
                {
                    var row = dh.Slice((b - b0) * H, H);
                    TensorPrimitives.Add(row, new ReadOnlySpan<float>(_dOutput + ((long)t * B + b) * _stride + _offset, H), row);
                }

            long gateRow = ((long)t * B + b0) * G;
            var gates = new Span<float>(_gates + gateRow, rows * G);
            var recurrentGrad = new Span<float>(_recurrentGrad + gateRow, rows * G);
            switch (mode)
            {
                case RecurrentMode.Lstm:
                    LstmGates.Backward(rows, H, gates, new ReadOnlySpan<float>(_cells + next, n), new ReadOnlySpan<float>(_cells + prev, n),
                        dh, dc, dhNext, stepActive);
                    break;
                case RecurrentMode.Gru:
                    GruGates.Backward(rows, H, gates, new ReadOnlySpan<float>(_hiddenN + ((long)t * B + b0) * H, n),
                        new ReadOnlySpan<float>(_states + prev, n), dh, recurrentGrad, dhNext, stepActive);
                    break;
                default:
                    RnnGates.Backward(mode == RecurrentMode.RnnRelu, rows, H, new ReadOnlySpan<float>(_states + next, n), dh, gates, dhNext, stepActive);
                    break;
            }
            // db = Σ_t dẑ_t, kept per row while the step is hot in cache (summed over rows in a fixed order afterwards).
            TensorPrimitives.Add(biasGrad, gates, biasGrad);
            if (!biasGradHh.IsEmpty) TensorPrimitives.Add(biasGradHh, recurrentGrad, biasGradHh);
            // forward: ẑ ⊇ h_prev·W_hhᵀ  ⇒  dh_prev += dẑ·W_hh: one (rows × G·H)·(G·H × H) GEMM per step.
            Gemm.Multiply(false, rows, H, G, 1f, recurrentGrad, G, _packed, 1f, dhNext, H);
            var swap = dh; dh = dhNext; dhNext = swap;
        }
        dh.CopyTo(new Span<float>(_dh0 + b0 * H, n));
        if (mode == RecurrentMode.Lstm) dc.CopyTo(new Span<float>(_dc0 + b0 * H, n));
    }
}
