using Recurrent.Models.Classification;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;
using static Recurrent.Onnx.Tests.OnnxRuntimeRun;
using static Recurrent.Onnx.Tests.TestInputs;

namespace Recurrent.Onnx.Tests;

public sealed class ClassifierExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-classifier").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, bool, int, bool> Shapes => new()
    {
        // cell, pooling, bidirectional, layers, tokens (else 3 numeric features)
        { "lstm", "max", true, 1, true },
        { "lstm", "last", true, 2, true },
        { "gru", "mean", false, 2, true },
        { "rnn", "attention", true, 1, true },
        { "gru", "last", false, 1, false },
        { "lstm", "attention", false, 2, false },
        { "rnn-relu", "max", true, 2, false },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void Logits_equal_Recurrents_for_padded_batches_of_1_3_and_8_and_without_sequence_lens(
        string cell, string pooling, bool bidirectional, int layers, bool tokens)
    {
        var config = new ClassifierConfig(cell, VocabSize: tokens ? 17 : 0, Features: tokens ? 0 : 3, EmbeddingSize: 6,
            HiddenSize: 5, Layers: layers, Bidirectional: bidirectional, Pooling: pooling, Dropout: 0.3f, Classes: 4);
        var model = new SequenceClassifier(config, new Rng(3));
        string padded = Path.Combine(_dir, "padded.onnx"), whole = Path.Combine(_dir, "whole.onnx");
        OnnxExport.Write(model, padded, new OnnxExportOptions(SequenceLengths: true));
        OnnxExport.Write(model, whole);
        using var _ = model.Inference();
        foreach (int batch in Batches)
            foreach (int steps in new[] { 1, 7 })
                foreach (bool withLengths in new[] { true, false })
                {
                    var lengths = withLengths ? Lengths(batch, steps, steps) : Enumerable.Repeat(steps, batch).ToArray();
                    var ids = Ids(steps * batch, 17, batch + steps);
                    var values = Values(steps * batch * 3, batch + steps);
                    var input = tokens ? new ClassifierInput(steps, lengths, Ids: ids) : new ClassifierInput(steps, lengths, Values: values);
                    var expected = model.Forward(input).Value.Span.ToArray();
                    var data = tokens ? ("tokens", (Array)Long(ids), new[] { steps, batch }) : ("values", values, [steps, batch, 3]);
                    var onnx = withLengths ? Run(padded, data, ("sequence_lens", lengths, [batch])) : Run(whole, data);
                    string what = $"{cell}/{pooling} B={batch} T={steps} lengths={withLengths}";
                    AssertClose(expected, onnx["logits"].Values, what);
                    var probabilities = new float[4];
                    for (int b = 0; b < batch; b++)
                    {
                        StableSoftmax.Row(expected.AsSpan(b * 4, 4), probabilities);
                        AssertClose(probabilities, onnx["probabilities"].Values.AsSpan(b * 4, 4), what + " probabilities");
                    }
                    if (pooling == "attention") AssertClose(model.LastAttention!.Span, onnx["attention"].Values, what + " attention");
                }
    }
}
