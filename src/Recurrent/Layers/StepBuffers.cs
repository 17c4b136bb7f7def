using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// One inference step of one layer-direction for a batch of rows, in place and into reused buffers (no graph, nothing
/// kept for backward, no allocation once the buffers have grown): ẑ = x·W_ihᵀ + b (or a given first-layer projection)
/// and h_prev·W_hhᵀ as two GEMMs, then the cell's gate kernel, which reads each element of the old state before writing
/// the new one, so h (and c) are updated where they lie. Used by <see cref="RecurrentLayer.Step"/> at batch &gt; 1 and by
/// <see cref="RecurrentCell.Step(ReadOnlySpan{float}, int, Span{float}, Span{float})"/>.
/// </summary>
internal sealed class StepBuffers
{
    private float[] _gates = [], _product = [], _bias = [], _hn = [];

    public void Step(DirectionWeights w, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> projection, Span<float> h, Span<float> c)
    {
        int B = batch, H = w.HiddenSize, G = w.GateSize, I = w.InputSize;
        Buffers.Grow(ref _gates, B * G); Buffers.Grow(ref _product, B * G); Buffers.Grow(ref _bias, G); Buffers.Grow(ref _hn, B * H);
        var gates = _gates.AsSpan(0, B * G);
        var product = _product.AsSpan(0, B * G);
        if (!projection.IsEmpty) projection.CopyTo(gates);
        else
        {
            var bias = _bias.AsSpan(0, G);
            RecurrentDirection.FoldBias(w, bias);
            for (int b = 0; b < B; b++) bias.CopyTo(gates.Slice(b * G, G));
            Gemm.Multiply(false, true, B, G, I, 1f, x, I, w.WeightIh.Value.Span, I, 1f, gates, G);
        }
        Gemm.Multiply(false, true, B, G, H, 1f, h, H, w.WeightHh.Value.Span, H, 0f, product, G);
        switch (w.Mode)
        {
            case RecurrentMode.Lstm:
                LstmGates.Forward(B, H, gates, product, h, c, h, c, default);
                break;
            case RecurrentMode.Gru:
                var biasHn = w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * H, H) : default;
                GruGates.Forward(B, H, gates, product, biasHn, h, h, _hn.AsSpan(0, B * H), default);
                break;
            default:
                RnnGates.Forward(w.Mode == RecurrentMode.RnnRelu, B, H, gates, product, h, h, default);
                break;
        }
    }
}
