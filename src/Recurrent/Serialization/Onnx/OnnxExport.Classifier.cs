using Recurrent.Models.Classification;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// The classifier (many to one):
    ///   tokens (steps, batch) int64 → Gather(embedding.weight), or values (steps, batch, F) float as they are (scaled by
    ///   the caller with the metadata's scaling) → recurrent stack (with sequence_lens when given) → pooling over each
    ///   sequence's valid steps → Linear(output) → logits (batch, C) and probabilities = softmax(logits).
    /// Pooling, with mask_tb = t &lt; len_b (every step without sequence_lens):
    ///   last       the top layer's h_n, [forward; reverse] → (batch, D·H)
    ///   mean       Σ_t mask·o_t / len_b
    ///   max        max_t of o_t where mask, −∞ elsewhere
    ///   attention  α = softmax_t(where(mask, vᵀ tanh(W o_t + b), −∞)), Σ_t α_t o_t; α is also an output (batch, steps)
    /// </summary>
    private static ModelProto Classifier(SequenceClassifier model, OnnxExportOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        var g = new OnnxGraph("classifier");
        int D = c.Bidirectional ? 2 : 1;
        string x = c.ReadsTokens
            ? g.Op("Gather", [g.Initializer("embedding.weight", state["embedding.weight"]), g.Input("tokens", Int64, "steps", "batch")], OnnxGraph.Int("axis", 0))
            : g.Input("values", Float, "steps", "batch", c.Features);
        var (lengths, _, _) = OptionalInputs(g, options, c.Mode, c.Layers * D, c.HiddenSize, stateful: false);
        var r = OnnxRecurrent.Stack(g, "rnn", c.Mode, c.Layers, c.Bidirectional, state, x, lengths);

        string pooled;
        if (c.Pooling == "last")
        {
            string top = c.Layers == 1 ? r.Hidden : g.Op("Slice", r.Hidden, g.Int64s("pool.top_start", [(c.Layers - 1) * D]),
                g.Int64s("pool.top_end", [c.Layers * D]), g.Int64s("pool.top_axis", [0]));
            pooled = g.Op("Reshape", g.Op("Transpose", [top], OnnxGraph.Ints("perm", 1, 0, 2)), g.Int64s("pool.shape", [0, -1]));
        }
        else
        {
            var (mask, lengths64) = StepMask(g, r.Output, lengths);                               // (T, B, 1) bool, (B) int64
            string negativeInfinity = g.Initializer("pool.negative_infinity", [float.NegativeInfinity]);
            string axis0 = g.Int64s("pool.axis0", [0]);
            switch (c.Pooling)
            {
                case "mean":
                    string sum = g.Op("ReduceSum", [g.Op("Mul", r.Output, g.Op("Cast", [mask], OnnxGraph.Int("to", (long)Float))), axis0],
                        OnnxGraph.Int("keepdims", 0));
                    string count = g.Op("Unsqueeze", g.Op("Cast", [lengths64], OnnxGraph.Int("to", (long)Float)), g.Int64s("pool.axis1", [1]));
                    pooled = g.Op("Div", sum, count);
                    break;
                case "max":
                    pooled = g.Op("ReduceMax", [g.Op("Where", mask, r.Output, negativeInfinity)], OnnxGraph.Ints("axes", 0), OnnxGraph.Int("keepdims", 0));
                    break;
                default:
                    string scores = Linear(g, state, "attention.context", g.Op("Tanh", Linear(g, state, "attention.proj", r.Output)));
                    string alpha = g.Op("Softmax", [g.Op("Where", mask, scores, negativeInfinity)], OnnxGraph.Int("axis", 0));
                    pooled = g.Op("ReduceSum", [g.Op("Mul", alpha, r.Output), axis0], OnnxGraph.Int("keepdims", 0));
                    g.Named("attention", "Transpose", [g.Op("Squeeze", alpha, g.Int64s("pool.axis2", [2]))], OnnxGraph.Ints("perm", 1, 0));
                    g.Output("attention", Float, "batch", "steps");
                    break;
            }
        }
        string logits = Linear(g, state, "output", pooled);
        g.Named("logits", "Identity", [logits]);
        g.Output("logits", Float, "batch", c.Classes);
        g.Named("probabilities", "Softmax", [logits], OnnxGraph.Int("axis", 1));
        g.Output("probabilities", Float, "batch", c.Classes);
        return g.ToModel("Recurrent sequence classifier: class logits and probabilities of each sequence of a time-major batch.", metadata);
    }

    /// <summary>
    /// mask (T, B, 1): t &lt; len_b, and the lengths as int64 (B); without <paramref name="lengths"/> every one is T,
    /// both read off <paramref name="sequence"/> (T, B, F)'s shape.
    /// </summary>
    private static (string Mask, string Lengths64) StepMask(OnnxGraph g, string sequence, string? lengths)
    {
        string shape = g.Op("Shape", sequence);
        string steps = g.Op("Gather", [shape, g.Int64s("mask.index0", [0], scalar: true)], OnnxGraph.Int("axis", 0));
        string lengths64 = lengths is not null
            ? g.Op("Cast", [lengths], OnnxGraph.Int("to", (long)Int64))
            : g.Op("Expand", g.Op("Unsqueeze", steps, g.Int64s("mask.axis0", [0])),
                g.Op("Slice", shape, g.Int64s("mask.batch_start", [1]), g.Int64s("mask.batch_end", [2])));
        string t = g.Op("Range", g.Int64s("mask.zero", [0], scalar: true), steps, g.Int64s("mask.one", [1], scalar: true));
        string less = g.Op("Less", g.Op("Unsqueeze", t, g.Int64s("mask.axis1", [1])), g.Op("Unsqueeze", lengths64, g.Int64s("mask.axis0b", [0])));
        return (g.Op("Unsqueeze", less, g.Int64s("mask.axis2", [2])), lengths64);
    }
}
