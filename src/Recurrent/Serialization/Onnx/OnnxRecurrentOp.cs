using Recurrent.Layers;
using Recurrent.Serialization.Onnx.Proto;
using Recurrent.Tensors;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// ONNX's <c>LSTM</c>, <c>GRU</c> and <c>RNN</c> nodes run by Recurrent's own layers: the gate blocks are put back in
/// PyTorch's order (<see cref="OnnxRecurrent.Blocks"/>, inverted) and the node becomes a one-layer
/// <see cref="RecurrentLayer"/>, run with the node's sequence_lens and initial states (PyTorch's packed semantics, which
/// are ONNX's). direction = reverse runs each sequence reversed within its length; layout = 1 (batch first) is
/// transposed in and out. What PyTorch cannot express is refused by name (<see cref="UnsupportedOnnxException"/>):
/// peepholes (input P), <c>linear_before_reset = 0</c>, <c>input_forget</c>, <c>clip</c>, activations other than the defaults
/// (and Relu for RNN).
/// </summary>
internal static class OnnxRecurrentOp
{
    /// <summary>
    /// The layer built for a node, kept while the node lives and reused while its W, R and B are the same tensors
    /// (initializers, the usual case), so a model run many times reorders its weights once.
    /// </summary>
    private sealed record BuiltLayer(OnnxTensor W, OnnxTensor R, OnnxTensor? B, RecurrentLayer Layer);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NodeProto, BuiltLayer> Built = [];

    public static OnnxTensor?[] Run(NodeProto node, OnnxTensor?[] x, string name)
    {
        var mode = ModeOf(node, name);
        OnnxTensor? Input(int i) => i < x.Length ? x[i] : null;
        if (Input(7) is not null) throw new UnsupportedOnnxException($"node '{name}': peepholes (input P) are not supported (PyTorch's LSTM has none).");
        string direction = Attributes.String(node, "direction", "forward");
        if (direction is not ("forward" or "reverse" or "bidirectional")) throw new InvalidDataException($"node '{name}': direction '{direction}'.");
        int D = direction == "bidirectional" ? 2 : 1;
        bool batchFirst = Attributes.Int(node, "layout", 0) == 1;
        var X = Input(0) ?? throw new InvalidDataException($"node '{name}': no input X.");
        var W = Input(1) ?? throw new InvalidDataException($"node '{name}': no input W.");
        var R = Input(2) ?? throw new InvalidDataException($"node '{name}': no input R.");
        if (X.Rank != 3) throw new InvalidDataException($"node '{name}': X has shape {X.ShapeString}, expected rank 3.");
        int T = (int)X.Shape[batchFirst ? 1 : 0], B = (int)X.Shape[batchFirst ? 0 : 1], I = (int)X.Shape[2];
        int gates = mode.GateCount();
        int H = (int)Attributes.Int(node, "hidden_size", R.Rank == 3 ? R.Shape[2] : 0);
        int G = gates * H;
        Require(W, name, "W", D, G, I);
        Require(R, name, "R", D, G, H);
        if (Input(3) is { } bias) Require(bias, name, "B", D, 2 * G);
        if (T == 0 || B == 0) throw new InvalidDataException($"node '{name}': X has shape {X.ShapeString}; Recurrent runs at least one step of one sequence.");

        var layer = Built.TryGetValue(node, out var built) && ReferenceEquals(built.W, W) && ReferenceEquals(built.R, R) && ReferenceEquals(built.B, Input(3))
            ? built.Layer : Build(mode, W, R, Input(3), D, I, H, name);
        if (!ReferenceEquals(built?.Layer, layer)) Built.AddOrUpdate(node, new BuiltLayer(W, R, Input(3), layer));

        int[]? lengths = null;
        if (Input(4) is { } lens)
        {
            if (lens.Count != B) throw new InvalidDataException($"node '{name}': sequence_lens has {lens.Count} values for a batch of {B}.");
            lengths = [.. lens.AsIntegers().Select((l, i) => l >= 1 && l <= T ? (int)l
                : throw new InvalidDataException($"node '{name}': sequence_lens[{i}] = {l}, outside [1, {T}]."))];
        }
        var input = TimeMajor(X.AsFloats(), batchFirst, T, B, I);
        if (direction == "reverse") input = Reverse(input, T, B, I, lengths);
        var h0 = State(Input(5), name, "initial_h", batchFirst, D, B, H);
        var c0 = mode == RecurrentMode.Lstm ? State(Input(6), name, "initial_c", batchFirst, D, B, H) : null;
        RecurrentOutput result;
        using (layer.Inference()) result = layer.Forward(Tensor.FromArray(input, T, B, I), h0, c0, lengths);

        // Y (T, B, D·H) → (T, D, B, H), or (B, T, D, H) with layout 1; states (D, B, H), or (B, D, H).
        var y = result.Output.Span.ToArray();
        if (direction == "reverse") y = Reverse(y, T, B, H, lengths);
        var Y = new float[T * D * B * H];
        for (int t = 0; t < T; t++)
            for (int bb = 0; bb < B; bb++)
                for (int d = 0; d < D; d++)
                    y.AsSpan(((t * B + bb) * D + d) * H, H).CopyTo(Y.AsSpan((batchFirst ? ((bb * T + t) * D + d) : ((t * D + d) * B + bb)) * H, H));
        var outputs = new OnnxTensor?[mode == RecurrentMode.Lstm ? 3 : 2];
        outputs[0] = OnnxTensor.Float(Y, batchFirst ? [B, T, D, H] : [T, D, B, H]);
        outputs[1] = StateOut(result.HiddenState, batchFirst, D, B, H);
        if (mode == RecurrentMode.Lstm) outputs[2] = StateOut(result.CellState!, batchFirst, D, B, H);
        return outputs;
    }

    /// <summary>The node's weights back in PyTorch's order, per direction, as a one-layer <see cref="RecurrentLayer"/>.</summary>
    private static RecurrentLayer Build(RecurrentMode mode, OnnxTensor W, OnnxTensor R, OnnxTensor? B, int D, int I, int H, string name)
    {
        int G = mode.GateCount() * H;
        var layer = RecurrentLayer.Create(mode, I, H, 1, bidirectional: D == 2);
        layer.Training = false;
        var blocks = OnnxRecurrent.Blocks(mode);
        var state = new Dictionary<string, Tensor>();
        var (w, r, b) = (W.AsFloats(), R.AsFloats(), B?.AsFloats());
        for (int d = 0; d < D; d++)
        {
            state[ParameterNames.ForLayer(ParameterNames.WeightIh, 0, d)] = Unorder(w.AsSpan(d * G * I, G * I), blocks, G, I);
            state[ParameterNames.ForLayer(ParameterNames.WeightHh, 0, d)] = Unorder(r.AsSpan(d * G * H, G * H), blocks, G, H);
            state[ParameterNames.ForLayer(ParameterNames.BiasIh, 0, d)] = b is null ? Tensor.Zeros(G) : Unorder(b.AsSpan(d * 2 * G, G), blocks, G, 1).Reshape(G);
            state[ParameterNames.ForLayer(ParameterNames.BiasHh, 0, d)] = b is null ? Tensor.Zeros(G) : Unorder(b.AsSpan(d * 2 * G + G, G), blocks, G, 1).Reshape(G);
        }
        layer.LoadStateDict(state, source: $"node '{name}'");
        return layer;
    }

    private static RecurrentMode ModeOf(NodeProto node, string name)
    {
        if (Attributes.Has(node, "clip")) throw new UnsupportedOnnxException($"node '{name}': clip is not supported (PyTorch's cells do not clip).");
        if (Attributes.Int(node, "input_forget", 0) != 0) throw new UnsupportedOnnxException($"node '{name}': input_forget = 1 is not supported (coupled input and forget gates).");
        var activations = Attributes.Strings(node, "activations").Select(a => a.ToLowerInvariant()).ToArray();
        if (Attributes.Has(node, "activation_alpha") || Attributes.Has(node, "activation_beta"))
            throw new UnsupportedOnnxException($"node '{name}': activation_alpha/activation_beta are not supported.");
        bool Defaults(params string[] one) => activations.Length == 0
            || (activations.Length % one.Length == 0 && activations.Select((a, i) => a == one[i % one.Length]).All(same => same));
        switch (node.OpType)
        {
            case "LSTM":
                if (!Defaults("sigmoid", "tanh", "tanh")) throw new UnsupportedOnnxException($"node '{name}': activations [{string.Join(", ", activations)}] are not supported (PyTorch: Sigmoid, Tanh, Tanh).");
                return RecurrentMode.Lstm;
            case "GRU":
                if (Attributes.Int(node, "linear_before_reset", 0) != 1)
                    throw new UnsupportedOnnxException($"node '{name}': linear_before_reset = 0 is not supported (PyTorch's GRU is linear_before_reset = 1).");
                if (!Defaults("sigmoid", "tanh")) throw new UnsupportedOnnxException($"node '{name}': activations [{string.Join(", ", activations)}] are not supported (PyTorch: Sigmoid, Tanh).");
                return RecurrentMode.Gru;
            default:
                if (Defaults("tanh")) return RecurrentMode.RnnTanh;
                if (Defaults("relu")) return RecurrentMode.RnnRelu;
                throw new UnsupportedOnnxException($"node '{name}': activations [{string.Join(", ", activations)}] are not supported (PyTorch's RNN: Tanh or Relu).");
        }
    }

    private static void Require(OnnxTensor t, string name, string what, params long[] shape)
    {
        if (!t.Shape.SequenceEqual(shape))
            throw new InvalidDataException($"node '{name}': {what} has shape {t.ShapeString}, expected ({string.Join(", ", shape)}).");
    }

    /// <summary>ONNX's gate blocks of one direction (G rows of width <paramref name="width"/>) in PyTorch's order.</summary>
    private static Tensor Unorder(ReadOnlySpan<float> onnx, int[] blocks, int rows, int width)
    {
        var result = Tensor.Zeros(rows, width);
        int block = rows / blocks.Length * width;
        for (int j = 0; j < blocks.Length; j++) onnx.Slice(j * block, block).CopyTo(result.Span.Slice(blocks[j] * block, block));
        return result;
    }

    private static float[] TimeMajor(float[] x, bool batchFirst, int T, int B, int F)
    {
        if (!batchFirst) return x;
        var result = new float[x.Length];
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++) x.AsSpan((b * T + t) * F, F).CopyTo(result.AsSpan((t * B + b) * F, F));
        return result;
    }

    /// <summary>Each sequence's first L_b steps in reverse order (steps past L_b unchanged).</summary>
    private static float[] Reverse(float[] x, int T, int B, int F, int[]? lengths)
    {
        var result = (float[])x.Clone();
        for (int b = 0; b < B; b++)
        {
            int L = lengths?[b] ?? T;
            for (int t = 0; t < L; t++) x.AsSpan(((L - 1 - t) * B + b) * F, F).CopyTo(result.AsSpan((t * B + b) * F, F));
        }
        return result;
    }

    private static Tensor? State(OnnxTensor? state, string name, string what, bool batchFirst, int D, int B, int H)
    {
        if (state is null) return null;
        Require(state, name, what, batchFirst ? [B, D, H] : [D, B, H]);
        var values = state.AsFloats();
        if (!batchFirst) return Tensor.FromArray(values, D, B, H);
        var result = Tensor.Zeros(D, B, H);
        for (int b = 0; b < B; b++)
            for (int d = 0; d < D; d++) values.AsSpan((b * D + d) * H, H).CopyTo(result.Span.Slice((d * B + b) * H, H));
        return result;
    }

    private static OnnxTensor StateOut(Tensor state, bool batchFirst, int D, int B, int H)
    {
        var values = state.Span.ToArray();
        if (!batchFirst) return OnnxTensor.Float(values, D, B, H);
        var result = new float[values.Length];
        for (int d = 0; d < D; d++)
            for (int b = 0; b < B; b++) values.AsSpan((d * B + b) * H, H).CopyTo(result.AsSpan((b * D + d) * H, H));
        return OnnxTensor.Float(result, B, D, H);
    }
}
