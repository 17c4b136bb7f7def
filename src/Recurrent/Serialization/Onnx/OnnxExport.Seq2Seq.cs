using Recurrent.Layers;
using Recurrent.Models.Seq2Seq;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// The encoder of a seq2seq model (<see cref="Seq2SeqModel.Encode"/>):
    ///   source (source_steps, batch) int64, source_lens (batch) int32
    ///   → Gather(source_embedding.weight) → bidirectional stack over each source's length → memory (batch, source_steps, 2E)
    ///   → keys = Linear(attention.key, memory) (additive attention only)
    ///   → hidden = tanh(Linear(bridge_h, [h→_n; h←_n] of the top layer)) for every decoder layer (layers, batch, D);
    ///     cell likewise with bridge_c (LSTM); feed = zeros (batch, D) (input feeding).
    /// </summary>
    private static ModelProto Seq2SeqEncoder(Seq2SeqModel model, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        var g = new OnnxGraph("seq2seq_encoder");
        string source = g.Input("source", Int64, "source_steps", "batch");
        string lengths = g.Input("source_lens", Int32, "batch");
        string x = g.Op("Gather", [g.Initializer("source_embedding.weight", state["source_embedding.weight"]), source], OnnxGraph.Int("axis", 0));
        var r = OnnxRecurrent.Stack(g, "encoder", c.Mode, c.EncoderLayers, bidirectional: true, state, x, lengths);
        string memory = g.Op("Transpose", [r.Output], OnnxGraph.Ints("perm", 1, 0, 2));
        g.Named("memory", "Identity", [memory]);
        g.Output("memory", Float, "batch", "source_steps", c.MemorySize);
        if (c.Attention == "additive")
        {
            g.Named("keys", "Identity", [Linear(g, state, "attention.key", memory)]);
            g.Output("keys", Float, "batch", "source_steps", c.DecoderHidden);
        }
        // The top layer's final states side by side (batch, 2E), through the bridge, repeated for each decoder layer.
        string Bridge(string states, string what)
        {
            string top = g.Op("Slice", states, g.Int64s($"bridge_{what}.top_start", [2 * (c.EncoderLayers - 1)]),
                g.Int64s($"bridge_{what}.top_end", [2 * c.EncoderLayers]), g.Int64s($"bridge_{what}.top_axis", [0]));
            string final = g.Op("Reshape", g.Op("Transpose", [top], OnnxGraph.Ints("perm", 1, 0, 2)), g.Int64s($"bridge_{what}.shape", [0, -1]));
            string first = g.Op("Unsqueeze", g.Op("Tanh", Linear(g, state, $"bridge_{what}", final)), g.Int64s($"bridge_{what}.axis0", [0]));
            return c.DecoderLayers == 1 ? first : g.Op("Concat", [.. Enumerable.Repeat(first, c.DecoderLayers)], OnnxGraph.Int("axis", 0));
        }
        g.Named("hidden", "Identity", [Bridge(r.Hidden, "h")]);
        g.Output("hidden", Float, c.DecoderLayers, "batch", c.DecoderHidden);
        if (r.Cell is not null)
        {
            g.Named("cell", "Identity", [Bridge(r.Cell, "c")]);
            g.Output("cell", Float, c.DecoderLayers, "batch", c.DecoderHidden);
        }
        if (c.InputFeeding)
        {
            string shape = g.Op("Concat", [g.Op("Slice", g.Op("Shape", source), g.Int64s("feed.batch_start", [1]), g.Int64s("feed.batch_end", [2])),
                g.Int64s("feed.width", [c.DecoderHidden])], OnnxGraph.Int("axis", 0));
            g.Named("feed", "ConstantOfShape", [shape]);
            g.Output("feed", Float, "batch", c.DecoderHidden);
        }
        return g.ToModel("Recurrent seq2seq encoder: the memory the decoder attends to and the decoder's first state.", metadata);
    }

    /// <summary>
    /// One decoder step (<see cref="Seq2SeqModel.Step"/> and <see cref="Seq2SeqModel.Logits"/>), to be called in a loop
    /// (greedy or beam search) with the encoder's outputs:
    ///   previous (batch) int64: the last symbol (&lt;s&gt; first); hidden, cell (layers, batch, D); feed (batch, D);
    ///   memory (batch, source_steps, M); keys (additive); source_lens (batch) int32
    ///   u = [E_tgt[previous]; feed] → each layer's cell (one LSTM/GRU/RNN node of one step) → h_top
    ///   α = softmax over s &lt; len of score(h_top, memory_s), context = Σ α_s memory_s, h̃ = tanh(W_c [context; h_top])
    ///   → logits (batch, V) = Linear(output, h̃); next_hidden, next_cell, next_feed = h̃; attention = α (batch, source_steps).
    /// </summary>
    private static ModelProto Seq2SeqDecoder(Seq2SeqModel model, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        int D = c.DecoderHidden;
        var g = new OnnxGraph("seq2seq_decoder_step");
        string previous = g.Input("previous", Int64, "batch");
        string hidden = g.Input("hidden", Float, c.DecoderLayers, "batch", D);
        string? cell = c.Mode == RecurrentMode.Lstm ? g.Input("cell", Float, c.DecoderLayers, "batch", D) : null;
        string? feed = c.InputFeeding ? g.Input("feed", Float, "batch", D) : null;
        bool attends = c.Attention != "none";
        string? memory = attends ? g.Input("memory", Float, "batch", "source_steps", c.MemorySize) : null;
        string? keys = c.Attention == "additive" ? g.Input("keys", Float, "batch", "source_steps", D) : null;
        string? lengths = attends ? g.Input("source_lens", Int32, "batch") : null;

        string input = g.Op("Gather", [g.Initializer("target_embedding.weight", state["target_embedding.weight"]), previous], OnnxGraph.Int("axis", 0));
        if (feed is not null) input = g.Op("Concat", [input, feed], OnnxGraph.Int("axis", 1));
        string axis0 = g.Int64s("step.axis0", [0]);
        var hiddens = new List<string>();
        var cells = new List<string>();
        for (int l = 0; l < c.DecoderLayers; l++)
        {
            string Row(string all, string what) => g.Op("Slice", all, g.Int64s($"decoder.{l}.{what}_start", [l]),
                g.Int64s($"decoder.{l}.{what}_end", [l + 1]), g.Int64s($"decoder.{l}.{what}_axis", [0]));
            var weights = new OnnxRecurrent.Weights(state[$"decoder.{l}.weight_ih"], state[$"decoder.{l}.weight_hh"],
                state.GetValueOrDefault($"decoder.{l}.bias_ih"), state.GetValueOrDefault($"decoder.{l}.bias_hh"));
            var outputs = OnnxRecurrent.Layer(g, $"decoder.{l}", c.Mode, [weights], g.Op("Unsqueeze", input, axis0),
                h0: Row(hidden, "h"), c0: cell is null ? "" : Row(cell, "c"));
            hiddens.Add(outputs[1]);
            if (cell is not null) cells.Add(outputs[2]);
            input = g.Op("Squeeze", outputs[1], axis0);                                            // (batch, D)
        }
        string attentional = input;
        if (attends)
        {
            string scores = c.Attention switch
            {
                "additive" => g.Op("Squeeze", MatMulTransposed(g, state, "attention.score.weight",
                    g.Op("Tanh", g.Op("Add", keys!, g.Op("Unsqueeze", MatMulTransposed(g, state, "attention.query.weight", input), g.Int64s("attention.axis1", [1]))))),
                    g.Int64s("attention.axis2", [2])),
                _ => g.Op("Squeeze", g.Op("MatMul", memory!, g.Op("Unsqueeze",
                    c.Attention == "general" ? MatMulTransposed(g, state, "attention.query.weight", input) : input, g.Int64s("attention.axis2b", [2]))),
                    g.Int64s("attention.axis2c", [2])),
            };
            // mask (batch, S): s < len_b
            string steps = g.Op("Gather", [g.Op("Shape", memory!), g.Int64s("attention.index1", [1], scalar: true)], OnnxGraph.Int("axis", 0));
            string s = g.Op("Range", g.Int64s("attention.zero", [0], scalar: true), steps, g.Int64s("attention.one", [1], scalar: true));
            string mask = g.Op("Less", g.Op("Unsqueeze", s, g.Int64s("attention.axis0", [0])),
                g.Op("Unsqueeze", g.Op("Cast", [lengths!], OnnxGraph.Int("to", (long)Int64)), g.Int64s("attention.axis1b", [1])));
            string alpha = g.Op("Softmax", [g.Op("Where", mask, scores, g.Initializer("attention.negative_infinity", [float.NegativeInfinity]))], OnnxGraph.Int("axis", 1));
            string context = g.Op("Squeeze", g.Op("MatMul", g.Op("Unsqueeze", alpha, g.Int64s("attention.axis1c", [1])), memory!), g.Int64s("attention.axis1d", [1]));
            attentional = g.Op("Tanh", MatMulTransposed(g, state, "combine.weight", g.Op("Concat", [context, input], OnnxGraph.Int("axis", 1))));
            g.Named("attention", "Identity", [alpha]);
            g.Output("attention", Float, "batch", "source_steps");
        }
        g.Named("logits", "Identity", [Linear(g, state, "output", attentional)]);
        g.Output("logits", Float, "batch", c.TargetVocab);
        string Join(List<string> parts) => parts.Count == 1 ? parts[0] : g.Op("Concat", [.. parts], OnnxGraph.Int("axis", 0));
        g.Named("next_hidden", "Identity", [Join(hiddens)]);
        g.Output("next_hidden", Float, c.DecoderLayers, "batch", D);
        if (cell is not null)
        {
            g.Named("next_cell", "Identity", [Join(cells)]);
            g.Output("next_cell", Float, c.DecoderLayers, "batch", D);
        }
        if (feed is not null)
        {
            g.Named("next_feed", "Identity", [attentional]);
            g.Output("next_feed", Float, "batch", D);
        }
        return g.ToModel("Recurrent seq2seq decoder: one step, from the previous symbol and state to the next symbol's logits and state.", metadata);
    }

    /// <summary>x · Wᵀ for a bias-free weight (out, in) of the state dict.</summary>
    private static string MatMulTransposed(OnnxGraph g, IReadOnlyDictionary<string, Tensors.Tensor> state, string name, string x) =>
        g.Op("MatMul", x, g.Op("Transpose", [g.Initializer(name, state[name])], OnnxGraph.Ints("perm", 1, 0)));
}
