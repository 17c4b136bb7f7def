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
        var blocks = Blocks(mode);
        var hiddens = new List<string>();
        var cells = new List<string>();
        string input = x;
        for (int l = 0; l < layers; l++)
        {
            string Name(string baseName, int d) => $"{prefix}.{ParameterNames.ForLayer(baseName, l, d)}";
            var wih = Enumerable.Range(0, D).Select(d => Weight(state, Name(ParameterNames.WeightIh, d))).ToArray();
            var whh = Enumerable.Range(0, D).Select(d => Weight(state, Name(ParameterNames.WeightHh, d))).ToArray();
            int G = wih[0].Size(0), H = whh[0].Size(1);
            string w = g.Initializer($"{prefix}.l{l}.W", Reorder(wih, blocks), D, G, wih[0].Size(1));
            string r = g.Initializer($"{prefix}.l{l}.R", Reorder(whh, blocks), D, G, H);
            string b = "";
            if (state.ContainsKey(Name(ParameterNames.BiasIh, 0)))
            {
                var biases = Enumerable.Range(0, D).SelectMany(d => new[]
                    { Weight(state, Name(ParameterNames.BiasIh, d)), Weight(state, Name(ParameterNames.BiasHh, d)) }).ToArray();
                b = g.Initializer($"{prefix}.l{l}.B", Reorder(biases, blocks), D, 2 * G);
            }
            string LayerState(string? all, string what) => all is null ? "" : g.Op("Slice",
                all, g.Int64s($"{prefix}.l{l}.{what}_start", [l * D]), g.Int64s($"{prefix}.l{l}.{what}_end", [(l + 1) * D]),
                g.Int64s($"{prefix}.l{l}.{what}_axis", [0]));
            var inputs = new List<string> { input, w, r, b, lengths ?? "", LayerState(h0, "h0") };
            if (mode == RecurrentMode.Lstm) inputs.Add(LayerState(c0, "c0"));
            while (inputs[^1] == "") inputs.RemoveAt(inputs.Count - 1);

            var attributes = new List<Proto.AttributeProto>
            {
                OnnxGraph.Int("hidden_size", H),
                OnnxGraph.String("direction", bidirectional ? "bidirectional" : "forward"),
            };
            if (mode == RecurrentMode.Gru) attributes.Add(OnnxGraph.Int("linear_before_reset", 1));
            if (mode is RecurrentMode.RnnTanh or RecurrentMode.RnnRelu)
                attributes.Add(OnnxGraph.Strings("activations", [.. Enumerable.Repeat(mode == RecurrentMode.RnnRelu ? "Relu" : "Tanh", D)]));
            var outputs = g.Node(OpType(mode), $"{prefix}.l{l}", [.. inputs], mode == RecurrentMode.Lstm ? 3 : 2, [.. attributes]);
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
