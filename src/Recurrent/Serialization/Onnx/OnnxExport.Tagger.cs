using Recurrent.Layers;
using Recurrent.Models.Tagging;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// The tagger (many to many, synchronous), with the library's own input layout (<see cref="TaggerInput"/>):
    ///   words (steps, batch) int64 → Gather(embedding.weight)                                     (T, B, E)
    ///   with a character model: chars (char_steps, words) int64 and char_lengths (words) int32, the batch's distinct
    ///   words once each, word_slots (steps, batch) int64 which of them stands where:
    ///     char BiLSTM over Gather(char_embedding.weight, chars) → h_n (2, N, Hc) → (N, 2·Hc) → Gather(word_slots)
    ///     concatenated after the word embedding                                                  (T, B, E + 2·Hc)
    ///   → bidirectional stack (sequence_lens when given) → Linear(output) → emissions (steps, batch, K).
    /// With a CRF, its parameters are outputs too (crf_transitions (K, K) from row tag to column tag, crf_start, crf_end):
    /// Viterbi over the emissions is the caller's, as in <see cref="Crf.Decode"/>.
    /// </summary>
    private static ModelProto Tagger(SequenceTagger model, OnnxExportOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        var g = new OnnxGraph("tagger");
        string words = g.Input("words", Int64, "steps", "batch");
        string x = g.Op("Gather", [g.Initializer("embedding.weight", state["embedding.weight"]), words], OnnxGraph.Int("axis", 0));
        if (c.CharHidden > 0)
        {
            string chars = g.Input("chars", Int64, "char_steps", "words");
            string charLengths = g.Input("char_lengths", Int32, "words");
            string slots = g.Input("word_slots", Int64, "steps", "batch");
            string embedded = g.Op("Gather", [g.Initializer("char_embedding.weight", state["char_embedding.weight"]), chars], OnnxGraph.Int("axis", 0));
            var perChar = OnnxRecurrent.Stack(g, "char_rnn", RecurrentMode.Lstm, 1, bidirectional: true, state, embedded, charLengths);
            string perWord = g.Op("Reshape", g.Op("Transpose", [perChar.Hidden], OnnxGraph.Ints("perm", 1, 0, 2)), g.Int64s("char.shape", [0, -1]));
            x = g.Op("Concat", [x, g.Op("Gather", [perWord, slots], OnnxGraph.Int("axis", 0))], OnnxGraph.Int("axis", 2));
        }
        var (lengths, _, _) = OptionalInputs(g, options, c.Mode, 2 * c.Layers, c.HiddenSize, stateful: false);
        var r = OnnxRecurrent.Stack(g, "rnn", c.Mode, c.Layers, bidirectional: true, state, x, lengths);
        g.Named("emissions", "Identity", [Linear(g, state, "output", r.Output)]);
        g.Output("emissions", Float, "steps", "batch", c.Tags);
        if (c.Crf)
            foreach (var (name, dims) in new[] { ("transitions", new object[] { c.Tags, c.Tags }), ("start", [c.Tags]), ("end", [c.Tags]) })
            {
                g.Named($"crf_{name}", "Identity", [g.Initializer($"crf.{name}", state[$"crf.{name}"])]);
                g.Output($"crf_{name}", Float, dims);
            }
        return g.ToModel("Recurrent tagger: tag scores (emissions) for each word of a time-major batch of sentences.", metadata);
    }
}
