using Google.Protobuf;
using Recurrent.Models.Classification;
using Recurrent.Models.LanguageModeling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;

namespace Recurrent.Tests.Serialization.Onnx;

public sealed class OnnxImportTests : TempDirectoryTest
{
    private static string Fixtures(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    [Fact]
    public void ONNXs_own_recurrent_test_cases_pass_within_PyTorchs_semantics_and_the_rest_are_refused_by_name()
    {
        var outcomes = OnnxConformance.Cases([Fixtures("onnx-node")]).Select(OnnxConformance.Run).ToDictionary(o => o.Name);
        Assert.Equal(12, outcomes.Count);
        Assert.DoesNotContain(outcomes.Values, o => o.Result == "failed");
        foreach (var name in new[] { "test_lstm_defaults", "test_lstm_with_initial_bias", "test_lstm_batchwise", "test_rnn_seq_length",
                     "test_simple_rnn_defaults", "test_simple_rnn_with_initial_bias", "test_simple_rnn_batchwise" })
            Assert.Equal("passed", outcomes[name].Result);
        Assert.Contains("peepholes", outcomes["test_lstm_with_peepholes"].Detail);
        foreach (var gru in outcomes.Values.Where(o => o.Name.StartsWith("test_gru", StringComparison.Ordinal)))
            Assert.True(gru.Result == "passed" || gru.Detail.Contains("linear_before_reset"), $"{gru.Name}: {gru.Result} {gru.Detail}");
    }

    [Fact]
    public void Every_model_PyTorchs_exporter_wrote_runs_and_equals_PyTorchs_outputs_also_at_another_batch_and_length()
    {
        var outcomes = OnnxConformance.Cases([Fixtures("onnx-torch")]).Select(OnnxConformance.Run).ToList();
        Assert.Equal(32, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Result == "passed", $"{o.Name}: {o.Result} ({o.Detail})"));
    }

    [Fact]
    public void A_model_run_again_with_other_weights_as_inputs_uses_them_and_not_the_layer_built_for_the_first_run()
    {
        // test_lstm_defaults gives W and R as graph inputs, not initializers: each run may bring new ones.
        string folder = Path.Combine(Fixtures("onnx-node"), "test_lstm_defaults");
        var model = OnnxModel.Load(Path.Combine(folder, "model.onnx"));
        var inputs = model.Inputs.Select((name, i) => (name, OnnxTensor.FromProto(Recurrent.Serialization.Onnx.Proto.TensorProto.Parser.ParseFrom(
            File.ReadAllBytes(Path.Combine(folder, "test_data_set_0", $"input_{i}.pb"))), name))).ToDictionary(p => p.name, p => p.Item2);
        float[] Y(OnnxModel m, Dictionary<string, OnnxTensor> x) => m.Run(x).Values.First().AsFloats();
        var first = Y(model, inputs);
        Assert.Equal(first, Y(model, inputs));                                  // the same tensors again: the same bits
        var w = inputs["W"];
        var doubled = new Dictionary<string, OnnxTensor>(inputs) { ["W"] = OnnxTensor.Float([.. w.AsFloats().Select(v => 2 * v)], w.Shape) };
        var again = Y(model, doubled);
        Assert.NotEqual(first, again);
        Assert.Equal(Y(OnnxModel.Load(Path.Combine(folder, "model.onnx")), doubled), again);
    }

    [Fact]
    public void A_language_model_exported_and_imported_again_gives_Recurrents_logits_and_states_for_a_padded_batch()
    {
        var model = new LanguageModel(new LanguageModelConfig("lstm", VocabSize: 9, EmbeddingSize: 4, HiddenSize: 5, Layers: 2), new Rng(2));
        var onnx = Import(model, new OnnxExportOptions(SequenceLengths: true, InitialState: true));
        int T = 4, B = 3, H = 5;
        var tokens = Enumerable.Range(0, T * B).Select(i => (long)(i * 5 % 9)).ToArray();
        var lengths = new long[] { 4, 1, 3 };
        var h0 = Enumerable.Range(0, 2 * B * H).Select(i => MathF.Sin(i)).ToArray();
        var c0 = Enumerable.Range(0, 2 * B * H).Select(i => MathF.Cos(i)).ToArray();
        var outputs = onnx.Run(new Dictionary<string, OnnxTensor>
        {
            ["tokens"] = OnnxTensor.Int64(tokens, T, B), ["sequence_lens"] = OnnxTensor.Int32(lengths, B),
            ["initial_h"] = OnnxTensor.Float(h0, 2, B, H), ["initial_c"] = OnnxTensor.Float(c0, 2, B, H),
        });
        using var _ = model.Inference();
        for (int b = 0; b < B; b++)
        {
            int L = (int)lengths[b];
            var alone = Enumerable.Range(0, L).Select(t => (int)tokens[t * B + b]).ToArray();
            float[] Column(float[] state) => [.. Enumerable.Range(0, 2).SelectMany(l => state.Skip((l * B + b) * H).Take(H))];
            var r = model.Forward(alone, L, 1, new(Tensor.FromArray(Column(h0), 2, 1, H)), new(Tensor.FromArray(Column(c0), 2, 1, H)));
            for (int t = 0; t < L; t++)
                AssertClose(r.Logits.Value.Span.Slice(t * 9, 9), outputs["logits"].Floats.AsSpan((t * B + b) * 9, 9));
            AssertClose(r.Hidden.Value.Span, Column(outputs["hidden"].Floats!));
            AssertClose(r.Cell!.Value.Span, Column(outputs["cell"].Floats!));
        }
    }

    [Theory]
    [InlineData("last")]
    [InlineData("mean")]
    [InlineData("max")]
    [InlineData("attention")]
    public void A_classifier_exported_and_imported_again_gives_Recurrents_logits(string pooling)
    {
        var config = new ClassifierConfig("gru", VocabSize: 12, EmbeddingSize: 4, HiddenSize: 3, Layers: 2, Pooling: pooling, Classes: 3);
        var model = new SequenceClassifier(config, new Rng(4));
        var onnx = Import(model, new OnnxExportOptions(SequenceLengths: true));
        int T = 5, B = 4;
        var ids = Enumerable.Range(0, T * B).Select(i => i * 7 % 12).ToArray();
        var lengths = new[] { 5, 2, 1, 4 };
        var outputs = onnx.Run(new Dictionary<string, OnnxTensor>
        {
            ["tokens"] = OnnxTensor.Int64([.. ids.Select(i => (long)i)], T, B), ["sequence_lens"] = OnnxTensor.Int32([.. lengths.Select(l => (long)l)], B),
        });
        using var _ = model.Inference();
        AssertClose(model.Forward(new ClassifierInput(T, lengths, Ids: ids)).Value.Span, outputs["logits"].Floats);
    }

    [Fact]
    public void A_seq2seq_decoder_step_exported_and_imported_again_gives_Recurrents_logits()
    {
        var config = new Seq2SeqConfig("lstm", SourceVocab: 8, TargetVocab: 7, Embedding: 3, EncoderHidden: 4, EncoderLayers: 1,
            DecoderHidden: 5, DecoderLayers: 2, Attention: "additive");
        var model = new Seq2SeqModel(config, new Rng(6));
        var graphs = OnnxExport.Graphs(model, new OnnxExportOptions(), new Dictionary<string, string>());
        var encoder = OnnxModel.Parse(graphs[0].Model.ToByteArray(), "encoder");
        var decoder = OnnxModel.Parse(graphs[1].Model.ToByteArray(), "decoder");
        int S = 4, B = 2;
        var ids = new[] { 1, 2, 3, 4, 5, 6, 7, 1 };
        var lengths = new[] { 4, 2 };
        var e = encoder.Run(new Dictionary<string, OnnxTensor>
        {
            ["source"] = OnnxTensor.Int64([.. ids.Select(i => (long)i)], S, B), ["source_lens"] = OnnxTensor.Int32([4, 2], B),
        });
        var step = decoder.Run(new Dictionary<string, OnnxTensor>
        {
            ["previous"] = OnnxTensor.Int64([3, 5], B), ["hidden"] = e["hidden"], ["cell"] = e["cell"], ["feed"] = e["feed"],
            ["memory"] = e["memory"], ["keys"] = e["keys"], ["source_lens"] = OnnxTensor.Int32([4, 2], B),
        });
        using var _ = model.Inference();
        var source = model.Encode(ids, S, lengths);
        var (attentional, _, weights) = model.Step(source, source.Start, [3, 5]);
        AssertClose(model.Logits(attentional).Value.Span, step["logits"].Floats);
        AssertClose(weights!.Value.Span, step["attention"].Floats);
    }

    [Fact]
    public void A_file_that_is_not_ONNX_a_truncated_one_and_an_unknown_operator_are_one_line_errors_naming_the_problem()
    {
        var notProtobuf = Assert.Throws<InvalidDataException>(() => OnnxModel.Parse("not an onnx file at all"u8.ToArray(), "x.onnx"));
        Assert.StartsWith("x.onnx: not an ONNX", notProtobuf.Message);
        var model = new LanguageModel(new LanguageModelConfig("gru", VocabSize: 5, EmbeddingSize: 2, HiddenSize: 3, Layers: 1), new Rng(1));
        var bytes = OnnxExport.Graphs(model, new OnnxExportOptions(), new Dictionary<string, string>())[0].Model.ToByteArray();
        foreach (int cut in new[] { 1, bytes.Length / 3, bytes.Length - 1 })
        {
            var error = Record.Exception(() => OnnxModel.Parse(bytes[..cut], "cut.onnx"));
            Assert.True(error is InvalidDataException, $"cut at {cut}: {error?.GetType().Name} {error?.Message}");
            Assert.StartsWith("cut.onnx: ", error!.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        var proto = Recurrent.Serialization.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes);
        proto.Graph.Node[1].OpType = "Einsum";
        var unsupported = Assert.Throws<UnsupportedOnnxException>(() => OnnxModel.Parse(proto.ToByteArray(), "einsum.onnx"));
        Assert.Contains($"node '{proto.Graph.Node[1].Name}' is operator Einsum", unsupported.Message);
    }

    [Fact]
    public void Inputs_of_the_wrong_type_shape_or_name_are_one_line_errors()
    {
        var model = new LanguageModel(new LanguageModelConfig("rnn", VocabSize: 5, EmbeddingSize: 2, HiddenSize: 3, Layers: 1), new Rng(1));
        var onnx = Import(model, new OnnxExportOptions(InitialState: true));
        var tokens = OnnxTensor.Int64([1, 2], 2, 1);
        var wrongType = Assert.Throws<ArgumentException>(() => onnx.Run(new Dictionary<string, OnnxTensor>
            { ["tokens"] = OnnxTensor.Float([1, 2], 2, 1), ["initial_h"] = OnnxTensor.Float(new float[3], 1, 1, 3) }));
        Assert.Contains("input 'tokens' is of element type Int64", wrongType.Message);
        var wrongShape = Assert.Throws<ArgumentException>(() => onnx.Run(new Dictionary<string, OnnxTensor>
            { ["tokens"] = tokens, ["initial_h"] = OnnxTensor.Float(new float[4], 1, 1, 4) }));
        Assert.Contains("input 'initial_h' has shape (1, 1, 4), the model expects (1, batch, 3)", wrongShape.Message);
        var missing = Assert.Throws<ArgumentException>(() => onnx.Run(new Dictionary<string, OnnxTensor> { ["tokens"] = tokens }));
        Assert.Contains("input 'initial_h' is not given", missing.Message);
        var outOfRange = Assert.Throws<InvalidDataException>(() => onnx.Run(new Dictionary<string, OnnxTensor>
            { ["tokens"] = OnnxTensor.Int64([1, 7], 2, 1), ["initial_h"] = OnnxTensor.Float(new float[3], 1, 1, 3) }));
        Assert.Contains("outside [0, 5)", outOfRange.Message);
    }

    private static OnnxModel Import(Recurrent.Layers.Module model, OnnxExportOptions options) =>
        OnnxModel.Parse(OnnxExport.Graphs(model, options, new Dictionary<string, string>())[0].Model.ToByteArray(), "exported");

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: {actual[i]} vs {expected[i]}");
    }
}
