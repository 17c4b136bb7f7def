using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// The language model:
    ///   tokens (steps, batch) int64 → Gather(embedding.weight) → recurrent stack → MatMul(decoder.weightᵀ) + decoder.bias
    ///   → logits (steps, batch, V); hidden, cell (L, batch, H): the state for the next window.
    /// Optional inputs: sequence_lens, initial_h, initial_c.
    /// </summary>
    private static ModelProto LanguageModel(LanguageModel model, OnnxExportOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        var g = new OnnxGraph("language_model");
        string tokens = g.Input("tokens", Int64, "steps", "batch");
        var (lengths, h0, c0) = OptionalInputs(g, options, c.Mode, c.Layers, c.HiddenSize, stateful: true);
        string embedded = g.Op("Gather", [g.Initializer("embedding.weight", state["embedding.weight"]), tokens], OnnxGraph.Int("axis", 0));
        var r = OnnxRecurrent.Stack(g, "rnn", c.Mode, c.Layers, bidirectional: false, state, embedded, lengths, h0, c0);
        g.Named("logits", "Identity", [Linear(g, state, "decoder", r.Output)]);
        g.Output("logits", Float, "steps", "batch", c.VocabSize);
        StateOutputs(g, r, c.Layers, c.HiddenSize);
        return g.ToModel("Recurrent language model: next-token logits for each step of a time-major batch of token ids.", metadata);
    }
}
