using Recurrent.Tensors;
using Recurrent.Kernels;

namespace Recurrent.Layers;

public abstract partial class RecurrentLayer
{
    private float[] _stepGates = [], _stepProduct = [], _stepBias = [], _stepHn = [];

    /// <summary>
    /// One time step of a unidirectional stack, for inference and generation: no dropout, nothing kept for backward,
    /// no allocation after the first call. <paramref name="input"/> (B, I); <paramref name="hidden"/> (L, B, H) and,
    /// for LSTM, <paramref name="cell"/> (L, B, H) are read and updated in place; the last layer's new h is also
    /// written to <paramref name="output"/> (B, H). Same equations as <see cref="Forward(Tensors.Tensor, Tensors.Tensor?, Tensors.Tensor?, IReadOnlyList{int}?)"/>;
    /// at batch 1 the products are matrix-vector kernels on the weights as they are.
    /// </summary>
    public void Step(ReadOnlySpan<float> input, int batch, Span<float> hidden, Span<float> cell, Span<float> output)
    {
        if (Bidirectional) throw new InvalidOperationException("Step runs a unidirectional stack; a bidirectional layer needs the whole sequence (use Forward).");
        int B = batch, H = HiddenSize, L = NumLayers, G = Mode.GateCount() * H, BH = B * H;
        if (B < 1 || input.Length != B * InputSize)
            throw new ArgumentException($"Expected step input of {B} × {InputSize} = {B * InputSize} values, got {input.Length}.");
        if (hidden.Length != L * BH) throw new ArgumentException($"Expected hidden state of {L} × {B} × {H} = {L * BH} values, got {hidden.Length}.");
        if (Mode == RecurrentMode.Lstm && cell.Length != L * BH) throw new ArgumentException($"Expected cell state of {L} × {B} × {H} = {L * BH} values, got {cell.Length}.");
        if (output.Length != BH) throw new ArgumentException($"Expected output of {B} × {H} = {BH} values, got {output.Length}.");
        Buffers.Grow(ref _stepGates, B * G); Buffers.Grow(ref _stepProduct, B * G); Buffers.Grow(ref _stepBias, G); Buffers.Grow(ref _stepHn, BH);
        var gates = _stepGates.AsSpan(0, B * G);
        var product = _stepProduct.AsSpan(0, B * G);
        var bias = _stepBias.AsSpan(0, G);

        ReadOnlySpan<float> x = input;
        int width = InputSize;
        for (int k = 0; k < L; k++)
        {
            var w = _directions[k];
            var h = hidden.Slice(k * BH, BH);
            RecurrentDirection.FoldBias(w, bias);
            for (int b = 0; b < B; b++) bias.CopyTo(gates.Slice(b * G, G));
            // ẑ = x·W_ihᵀ + b, and h_prev·W_hhᵀ
            if (B == 1)
            {
                Gemv.Multiply(G, width, w.WeightIh.Value.Span, x, 1f, gates);
                Gemv.Multiply(G, H, w.WeightHh.Value.Span, h, 0f, product);
            }
            else
            {
                Gemm.Multiply(false, true, B, G, width, 1f, x, width, w.WeightIh.Value.Span, width, 1f, gates, G);
                Gemm.Multiply(false, true, B, G, H, 1f, h, H, w.WeightHh.Value.Span, H, 0f, product, G);
            }
            // The kernels read each element of the old state before writing the new one, so the update is in place.
            switch (Mode)
            {
                case RecurrentMode.Lstm:
                    var c = cell.Slice(k * BH, BH);
                    LstmGates.Forward(B, H, gates, product, h, c, h, c, default);
                    break;
                case RecurrentMode.Gru:
                    var biasHn = w.BiasHh is { } bhh ? bhh.Value.Span.Slice(2 * H, H) : default;
                    GruGates.Forward(B, H, gates, product, biasHn, h, h, _stepHn.AsSpan(0, BH), default);
                    break;
                default:
                    RnnGates.Forward(Mode == RecurrentMode.RnnRelu, B, H, gates, product, h, h, default);
                    break;
            }
            x = h;
            width = H;
        }
        x.CopyTo(output);
    }
}
