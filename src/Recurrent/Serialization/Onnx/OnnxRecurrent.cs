using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// A PyTorch-named recurrent stack as ONNX nodes: one <c>LSTM</c>, <c>GRU</c> or <c>RNN</c> node per layer.
/// The two formats order the gate blocks of W (G·H, I), R (G·H, H) and the biases differently:
///   LSTM  PyTorch i, f, g, o  →  ONNX i, o, f, c     (blocks 0, 3, 1, 2)
///   GRU   PyTorch r, z, n     →  ONNX z, r, h        (blocks 1, 0, 2), and linear_before_reset = 1, which is
///                                                     PyTorch's n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///   RNN   one block; activations Tanh or Relu, one per direction
/// ONNX stacks the directions first: W (D, G·H, I), R (D, G·H, H), B (D, 2·G·H) = [b_ih; b_hh] per direction.
/// Its Y is (T, D, B, H); PyTorch's output (T, B, D·H) is Transpose(0, 2, 1, 3) then Reshape(T, B, D·H), and h_n
/// (L·D, B, H) is the layers' Y_h (D, B, H) concatenated in layer order.
/// </summary>
internal static class OnnxRecurrent
{
    /// <summary>The stack's output and final states.</summary>
    internal readonly record struct Outputs(string Output, string Hidden, string? Cell);

    /// <summary>Where PyTorch's block k goes: ONNX block j is PyTorch block Blocks[j].</summary>
    public static int[] Blocks(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => [0, 3, 1, 2],
        RecurrentMode.Gru => [1, 0, 2],
        _ => [0],
    };

    public static string OpType(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => "LSTM",
        RecurrentMode.Gru => "GRU",
        _ => "RNN",
    };

    /// <summary>
    /// Emits the stack whose weights are <c>{prefix}.weight_ih_l0</c>... in <paramref name="state"/>, reading
    /// <paramref name="x"/> (T, B, I). Optional: <paramref name="lengths"/> (B) int32, the initial states (L·D, B, H).
    /// </summary>
    public static Outputs Stack(OnnxGraph g, string prefix, RecurrentMode mode, int layers, bool bidirectional,
        IReadOnlyDictionary<string, Tensor> state, string x, string? lengths = null, string? h0 = null, string? c0 = null)
    {
        int D = bidirectional ? 2 : 1;
        var hiddens = new List<string>();
        var cells = new List<string>();
        string input = x;
        for (int l = 0; l < layers; l++)
        {
            string Name(string baseName, int d) => $"{prefix}.{ParameterNames.ForLayer(baseName, l, d)}";
            string LayerState(string? all, string what) => all is null ? "" : g.Op("Slice",
                all, g.Int64s($"{prefix}.l{l}.{what}_start", [l * D]), g.Int64s($"{prefix}.l{l}.{what}_end", [(l + 1) * D]),
                g.Int64s($"{prefix}.l{l}.{what}_axis", [0]));
            var weights = Enumerable.Range(0, D).Select(d => new Weights(Weight(state, Name(ParameterNames.WeightIh, d)),
                Weight(state, Name(ParameterNames.WeightHh, d)), state.GetValueOrDefault(Name(ParameterNames.BiasIh, d)),
                state.GetValueOrDefault(Name(ParameterNames.BiasHh, d)))).ToArray();
            var outputs = Layer(g, $"{prefix}.l{l}", mode, weights, input, lengths, LayerState(h0, "h0"), LayerState(c0, "c0"));
            hiddens.Add(outputs[1]);
            if (mode == RecurrentMode.Lstm) cells.Add(outputs[2]);

            // Y (T, D, B, H) → (T, B, D·H)
            input = D == 1
                ? g.Op("Squeeze", outputs[0], g.Int64s($"{prefix}.l{l}.squeeze_axes", [1]))
                : g.Op("Reshape", g.Op("Transpose", [outputs[0]], OnnxGraph.Ints("perm", 0, 2, 1, 3)),
                    g.Int64s($"{prefix}.l{l}.output_shape", [0, 0, -1]));
        }
        string Join(List<string> parts) => parts.Count == 1 ? parts[0] : g.Op("Concat", [.. parts], OnnxGraph.Int("axis", 0));
        return new Outputs(input, Join(hiddens), mode == RecurrentMode.Lstm ? Join(cells) : null);
    }

    /// <summary>One direction's PyTorch weights: W_ih (G·H, I), W_hh (G·H, H), the biases (G·H) or null.</summary>
    internal readonly record struct Weights(Tensor InputWeights, Tensor HiddenWeights, Tensor? InputBias, Tensor? HiddenBias);

    /// <summary>
    /// One layer as one node, its directions' weights given (one or two); <paramref name="h0"/>, <paramref name="c0"/>
    /// (D, B, H) or "" for zeros. Returns the node's outputs: Y (T, D, B, H), Y_h (D, B, H) and, for LSTM, Y_c.
    /// </summary>
    public static string[] Layer(OnnxGraph g, string name, RecurrentMode mode, Weights[] directions, string x,
        string? lengths = null, string h0 = "", string c0 = "")
    {
        int D = directions.Length, G = directions[0].InputWeights.Size(0), H = directions[0].HiddenWeights.Size(1);
        var blocks = Blocks(mode);
        string w = g.Initializer($"{name}.W", Reorder([.. directions.Select(d => d.InputWeights)], blocks), D, G, directions[0].InputWeights.Size(1));
        string r = g.Initializer($"{name}.R", Reorder([.. directions.Select(d => d.HiddenWeights)], blocks), D, G, H);
        string b = directions[0].InputBias is null ? ""
            : g.Initializer($"{name}.B", Reorder([.. directions.SelectMany(d => new[] { d.InputBias!, d.HiddenBias! })], blocks), D, 2 * G);
        var inputs = new List<string> { x, w, r, b, lengths ?? "", h0 };
        if (mode == RecurrentMode.Lstm) inputs.Add(c0);
        while (inputs[^1] == "") inputs.RemoveAt(inputs.Count - 1);

        var attributes = new List<Proto.AttributeProto>
        {
            OnnxGraph.Int("hidden_size", H),
            OnnxGraph.String("direction", D == 2 ? "bidirectional" : "forward"),
        };
        if (mode == RecurrentMode.Gru) attributes.Add(OnnxGraph.Int("linear_before_reset", 1));
        if (mode is RecurrentMode.RnnTanh or RecurrentMode.RnnRelu)
            attributes.Add(OnnxGraph.Strings("activations", [.. Enumerable.Repeat(mode == RecurrentMode.RnnRelu ? "Relu" : "Tanh", D)]));
        return g.Node(OpType(mode), name, [.. inputs], mode == RecurrentMode.Lstm ? 3 : 2, [.. attributes]);
    }

    /// <summary>The tensors' gate blocks (each tensor's first dimension split into blocks.Length) in ONNX's order, concatenated.</summary>
    public static float[] Reorder(Tensor[] tensors, int[] blocks)
    {
        var result = new float[tensors.Sum(t => t.Length)];
        int at = 0;
        foreach (var t in tensors)
        {
            int block = t.Length / blocks.Length;
            foreach (int k in blocks)
            {
                t.Span.Slice(k * block, block).CopyTo(result.AsSpan(at));
                at += block;
            }
        }
        return result;
    }

    private static Tensor Weight(IReadOnlyDictionary<string, Tensor> state, string name) =>
        state.TryGetValue(name, out var t) ? t : throw new ArgumentException($"The model has no parameter '{name}'.");
}
