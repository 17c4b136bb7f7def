using Recurrent.Tensors;
using Recurrent.Kernels;

namespace Recurrent.Layers;

public abstract partial class RecurrentLayer
{
    private float[] _stepGates = [], _stepProduct = [], _stepHn = [], _stepPrevious = [];   // batch 1 (UnitsStep)
    private UnitsStep? _unitsStep;
    private StepBuffers? _steps;                                                            // batch > 1

    /// <summary>
    /// One time step of a unidirectional stack, for inference and generation: no dropout, nothing kept for backward,
    /// no allocation after the first call. <paramref name="input"/> (B, I); <paramref name="hidden"/> (L, B, H) and,
    /// for LSTM, <paramref name="cell"/> (L, B, H) are read and updated in place; the last layer's new h is also
    /// written to <paramref name="output"/> (B, H). Same equations as <see cref="Forward(Tensors.Tensor, Tensors.Tensor?, Tensors.Tensor?, IReadOnlyList{int}?)"/>;
    /// at batch 1 the products are matrix-vector kernels on the weights as they are.
    /// </summary>
    public void Step(ReadOnlySpan<float> input, int batch, Span<float> hidden, Span<float> cell, Span<float> output)
    {
        if (batch < 1 || input.Length != batch * InputSize)
            throw new ArgumentException($"Expected step input of {batch} × {InputSize} = {batch * InputSize} values, got {input.Length}.");
        StepCore(input, default, batch, hidden, cell, output);
    }

    /// <summary>
    /// <see cref="Step"/> with the first layer's input side given: <paramref name="firstLayerProjection"/> (B, G·H) holds
    /// x·W_ih_l0ᵀ + b_ih_l0 + b_hh_l0 (for GRU without b_hn), e.g. a row of <see cref="InputProjectionTable"/>.
    /// </summary>
    public void StepFromProjection(ReadOnlySpan<float> firstLayerProjection, int batch, Span<float> hidden, Span<float> cell, Span<float> output)
    {
        int G = Mode.GateCount() * HiddenSize;
        if (batch < 1 || firstLayerProjection.Length != batch * G)
            throw new ArgumentException($"Expected a first-layer projection of {batch} × {G} = {batch * G} values, got {firstLayerProjection.Length}.");
        StepCore(default, firstLayerProjection, batch, hidden, cell, output);
    }

    /// <summary>
    /// The first layer's input projection of every row of <paramref name="embedding"/> (V, I):
    /// E·W_ih_l0ᵀ + b_ih_l0 + b_hh_l0 (V, G·H), b_hn excepted for GRU. Row v is what <see cref="StepFromProjection"/>
    /// takes for token v: one small GEMM replaces a matrix-vector product per generated token.
    /// </summary>
    public Tensor InputProjectionTable(Tensor embedding)
    {
        if (embedding.Rank != 2 || embedding.Size(1) != InputSize)
            throw new ArgumentException($"Expected an embedding table of shape (V, {InputSize}), got {embedding.ShapeString}.");
        var w = _directions[0];
        int V = embedding.Size(0), G = w.GateSize;
        var table = Tensor.Zeros(V, G);
        var bias = new float[G];
        RecurrentDirection.FoldBias(w, bias);
        for (int v = 0; v < V; v++) bias.CopyTo(table.Span.Slice(v * G, G));
        Gemm.Multiply(false, true, V, G, InputSize, 1f, embedding.Span, InputSize, w.WeightIh.Value.Span, InputSize, 1f, table.Span, G);
        return table;
    }

    private void StepCore(ReadOnlySpan<float> input, ReadOnlySpan<float> projection, int batch, Span<float> hidden, Span<float> cell, Span<float> output)
    {
        if (Bidirectional) throw new InvalidOperationException("Step runs a unidirectional stack; a bidirectional layer needs the whole sequence (use Forward).");
        int B = batch, H = HiddenSize, L = NumLayers, G = Mode.GateCount() * H, BH = B * H;
        if (hidden.Length != L * BH) throw new ArgumentException($"Expected hidden state of {L} × {B} × {H} = {L * BH} values, got {hidden.Length}.");
        if (Mode == RecurrentMode.Lstm && cell.Length != L * BH) throw new ArgumentException($"Expected cell state of {L} × {B} × {H} = {L * BH} values, got {cell.Length}.");
        if (output.Length != BH) throw new ArgumentException($"Expected output of {B} × {H} = {BH} values, got {output.Length}.");
        if (B == 1) { Buffers.Grow(ref _stepGates, G); Buffers.Grow(ref _stepProduct, G); Buffers.Grow(ref _stepHn, H); Buffers.Grow(ref _stepPrevious, H); }

        ReadOnlySpan<float> x = input;
        for (int k = 0; k < L; k++)
        {
            var w = _directions[k];
            var h = hidden.Slice(k * BH, BH);
            var c = Mode == RecurrentMode.Lstm ? cell.Slice(k * BH, BH) : default;
            bool projected = k == 0 && !projection.IsEmpty;
            if (B == 1)
            {
                // Batch 1: each core takes a block of hidden units, computes their rows of every gate (matrix-vector)
                // and their state update; h_prev is copied first because the blocks update h in place.
                _unitsStep ??= new UnitsStep();
                _unitsStep.Run(w, projected ? default : x, projected ? projection : default, h, c, _stepPrevious, _stepGates,
                    _stepProduct, _stepHn);
            }
            else
            {
                _steps ??= new StepBuffers();
                _steps.Step(w, B, projected ? default : x, projected ? projection : default, h, c);
            }
            x = h;
        }
        x.CopyTo(output);
    }

    /// <summary>
    /// One batch-1 layer step split by hidden units: block [j0, j1) needs rows q·H + j0 .. q·H + j1 of every gate q,
    /// and nothing else, so the blocks run independently (one dispatch per layer). A block gathers its rows compactly,
    /// [gate 0 | gate 1 | ...] each j1 − j0 wide, and runs the ordinary gate kernel on them with H' = j1 − j0.
    /// </summary>
    /// <remarks>
    /// The caller's x (or projection), h and c reach the blocks as spans lent for the dispatch
    /// (<see cref="IParallelSpanWork"/>); the layer's step buffers as arrays.
    /// </remarks>
    private sealed class UnitsStep : IParallelSpanWork
    {
        private const int UnitsPerBlock = 64;   // at least this many units (× G rows × width) per block
        private DirectionWeights _w = null!;
        private bool _projected;
        private int _blockUnits;
        private float[] _bias = [];                          // (G·H): b_ih + b_hh folded, when the input side is not given
        private float[] _hPrevious = null!, _hn = null!;    // (H): a copy of h_prev; GRU W_hn·h + b_hn
        private float[] _gates = null!, _product = null!;   // (G·H), compact per block

        public void Run(DirectionWeights w, ReadOnlySpan<float> x, ReadOnlySpan<float> projection, Span<float> h, Span<float> c,
            float[] hPrevious, float[] gates, float[] product, float[] hn)
        {
            int H = w.HiddenSize;
            Buffers.Grow(ref _bias, w.GateSize);
            _projected = !projection.IsEmpty;
            if (!_projected) RecurrentDirection.FoldBias(w, _bias.AsSpan(0, w.GateSize));
            h.CopyTo(hPrevious);
            int blocks = Math.Clamp(H / UnitsPerBlock, 1, KernelThreads.Count);
            _blockUnits = (H / blocks + 7) / 8 * 8;
            (_w, _hPrevious, _gates, _product, _hn) = (w, hPrevious, gates, product, hn);
            try { KernelThreads.Run(this, (H + _blockUnits - 1) / _blockUnits, _projected ? projection : x, h, c); }
            finally { (_w, _hPrevious, _gates, _product, _hn) = (null!, null!, null!, null!, null!); }
        }

        /// <summary>Units [j0, j0 + n) of the step; <paramref name="input"/> is the projection (G·H) or x (I).</summary>
        public void Execute(int block, ReadOnlySpan<float> input, Span<float> h, Span<float> c)
        {
            var w = _w;
            int H = w.HiddenSize, I = w.InputSize, gateCount = w.Mode.GateCount();
            int j0 = block * _blockUnits, n = Math.Min(H, j0 + _blockUnits) - j0;
            // This block's compact rows start at gateCount·j0 (blocks tile [0, G·H) exactly).
            var gates = _gates.AsSpan(gateCount * j0, gateCount * n);
            var product = _product.AsSpan(gateCount * j0, gateCount * n);
            ReadOnlySpan<float> wih = w.WeightIh.Value.Span, whh = w.WeightHh.Value.Span, hPrevious = _hPrevious.AsSpan(0, H);
            for (int q = 0; q < gateCount; q++)
            {
                int row = q * H + j0;
                var y = gates.Slice(q * n, n);
                // ẑ = x·W_ihᵀ + b, or the given projection; then h_prev·W_hhᵀ
                (_projected ? input : _bias).Slice(row, n).CopyTo(y);
                if (!_projected) Gemv.MultiplyOnThisThread(n, I, wih.Slice(row * I, n * I), input, 1f, y);
                Gemv.MultiplyOnThisThread(n, H, whh.Slice(row * H, n * H), hPrevious, 0f, product.Slice(q * n, n));
            }
            var hPrev = hPrevious.Slice(j0, n);
            var hBlock = h.Slice(j0, n);
            switch (w.Mode)
            {
                case RecurrentMode.Lstm:
                    var cBlock = c.Slice(j0, n);
                    LstmGates.Forward(1, n, gates, product, hPrev, cBlock, hBlock, cBlock, default);
                    break;
                case RecurrentMode.Gru:
                    var biasHn = w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * H + j0, n) : default;
                    GruGates.Forward(1, n, gates, product, biasHn, hPrev, hBlock, _hn.AsSpan(j0, n), default);
                    break;
                default:
                    RnnGates.Forward(w.Mode == RecurrentMode.RnnRelu, 1, n, gates, product, hPrev, hBlock, default);
                    break;
            }
        }
    }
}
