using Recurrent.Models.Tagging;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;
using static Recurrent.Onnx.Tests.OnnxRuntimeRun;
using static Recurrent.Onnx.Tests.TestInputs;

namespace Recurrent.Onnx.Tests;

public sealed class TaggerExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-tagger").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("lstm", 1, 4, true)]
    [InlineData("gru", 2, 3, false)]
    [InlineData("lstm", 2, 0, true)]
    public void Emissions_equal_Recurrents_for_batches_of_1_3_and_8_padded_or_not(string cell, int layers, int charHidden, bool crf)
    {
        var config = new TaggerConfig
        {
            Cell = cell, WordEmbedding = 6, CharEmbedding = 3, CharHidden = charHidden, HiddenSize = 5, Layers = layers,
            Crf = crf, VocabSize = 19, CharVocabSize = 11, Tags = 4,
        };
        var model = new SequenceTagger(config, new Rng(5));
        string path = Path.Combine(_dir, "tagger.onnx"), whole = Path.Combine(_dir, "whole.onnx");
        OnnxExport.Write(model, path, new OnnxExportOptions(SequenceLengths: true));
        OnnxExport.Write(model, whole);
        using var _ = model.Inference();
        foreach (int batch in Batches)
        foreach (bool withLengths in new[] { true, false })
        {
            int steps = 6, words = 5, charSteps = 4;
            var lengths = withLengths ? Lengths(batch, steps, batch) : [.. Enumerable.Repeat(steps, batch)];
            var ids = Ids(steps * batch, 19, batch);
            var slots = Ids(steps * batch, words, batch + 50);
            var chars = Ids(charSteps * words, 11, batch + 60);
            var charLengths = Lengths(words, charSteps, batch + 1);
            var input = new TaggerInput(steps, ids, lengths, charSteps, chars, charLengths, slots);
            var expected = model.Forward(input).Value.Span;
            var inputs = new List<(string, Array, int[])> { ("words", Long(ids), [steps, batch]) };
            if (withLengths) inputs.Add(("sequence_lens", lengths, [batch]));
            if (charHidden > 0)
                inputs.AddRange([("chars", Long(chars), [charSteps, words]), ("char_lengths", charLengths, [words]), ("word_slots", Long(slots), [steps, batch])]);
            var onnx = Run(withLengths ? path : whole, [.. inputs]);
            Assert.Equal([steps, batch, 4], onnx["emissions"].Shape);
            // Recurrent's rows past a sentence's end are computed from zeros too, but only real words are compared.
            for (int t = 0; t < steps; t++)
                for (int b = 0; b < batch; b++)
                    if (t < lengths[b]) AssertClose(expected.Slice((t * batch + b) * 4, 4), onnx["emissions"].Values.AsSpan((t * batch + b) * 4, 4), $"B={batch} t={t} b={b}");
            if (crf) AssertClose(model.Crf!.Parameters[0].Value.Span, onnx["crf_transitions"].Values, "transitions");
            else Assert.False(onnx.ContainsKey("crf_transitions"));
        }
    }
}
