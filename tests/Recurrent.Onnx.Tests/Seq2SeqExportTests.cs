using Recurrent.Models.Seq2Seq;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;
using static Recurrent.Onnx.Tests.OnnxRuntimeRun;
using static Recurrent.Onnx.Tests.TestInputs;

namespace Recurrent.Onnx.Tests;

public sealed class Seq2SeqExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-seq2seq").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("lstm", "general", 2, 1, true)]
    [InlineData("gru", "additive", 1, 2, true)]
    [InlineData("lstm", "dot", 1, 2, false)]
    [InlineData("gru", "none", 2, 1, true)]
    public void Encoder_and_three_decoder_steps_equal_Recurrents_at_batch_1_3_and_8(string cell, string attention, int encoderLayers, int decoderLayers, bool inputFeeding)
    {
        int E = 4, D = attention == "dot" ? 8 : 6, V = 9;
        var config = new Seq2SeqConfig(cell, SourceVocab: 11, TargetVocab: V, Embedding: 5, EncoderHidden: E, EncoderLayers: encoderLayers,
            DecoderHidden: D, DecoderLayers: decoderLayers, Attention: attention, InputFeeding: inputFeeding, Dropout: 0.2f);
        var model = new Seq2SeqModel(config, new Rng(11));
        var files = OnnxExport.Write(model, Path.Combine(_dir, "g2p.onnx"));
        Assert.Equal([Path.Combine(_dir, "g2p.encoder.onnx"), Path.Combine(_dir, "g2p.decoder.onnx")], files);
        using var _ = model.Inference();
        foreach (int batch in Batches)
        {
            int steps = 7;
            var lengths = Lengths(batch, steps, batch);
            var ids = Ids(steps * batch, 11, batch);
            var source = model.Encode(ids, steps, lengths);
            var encoded = Run(files[0], ("source", Long(ids), [steps, batch]), ("source_lens", lengths, [batch]));
            AssertClose(source.Memory.Value.Span, encoded["memory"].Values, $"{cell}/{attention} B={batch} memory");
            if (source.Keys is not null) AssertClose(source.Keys.Value.Span, encoded["keys"].Values, "keys");
            var decoderState = source.Start;
            var (hidden, cellState, feed) = (encoded["hidden"].Values, encoded.GetValueOrDefault("cell").Values, encoded.GetValueOrDefault("feed").Values);
            for (int t = 0; t < 3; t++)
            {
                var previous = Ids(batch, V, t * 10 + batch);
                var (attentional, next, weights) = model.Step(source, decoderState, previous);
                var logits = model.Logits(attentional).Value.Span;
                var inputs = new List<(string, Array, int[])> { ("previous", Long(previous), [batch]), ("hidden", hidden, [decoderLayers, batch, D]) };
                if (cell == "lstm") inputs.Add(("cell", cellState!, [decoderLayers, batch, D]));
                if (inputFeeding) inputs.Add(("feed", feed!, [batch, D]));
                if (attention != "none") inputs.AddRange([("memory", encoded["memory"].Values, [batch, steps, 2 * E]), ("source_lens", lengths, [batch])]);
                if (attention == "additive") inputs.Add(("keys", encoded["keys"].Values, [batch, steps, D]));
                var step = Run(files[1], [.. inputs]);
                string what = $"{cell}/{attention} B={batch} step {t}";
                AssertClose(logits, step["logits"].Values, what + " logits");
                if (weights is not null) AssertClose(weights.Value.Span, step["attention"].Values, what + " attention");
                for (int l = 0; l < decoderLayers; l++)
                    AssertClose(next.Hidden[l].Value.Span, step["next_hidden"].Values.AsSpan(l * batch * D, batch * D), what + $" hidden {l}");
                (decoderState, hidden, cellState, feed) = (next, step["next_hidden"].Values, step.GetValueOrDefault("next_cell").Values, step.GetValueOrDefault("next_feed").Values);
            }
        }
    }
}
