using Recurrent.Serialization.Onnx;

namespace Recurrent.Tests.Cli;

/// <summary>`rnn export` and `rnn onnx conformance` at the command line.</summary>
[Collection("console")]
public sealed class OnnxCliTests : TempDirectoryTest
{
    [Fact]
    public void Export_writes_a_checkpoint_as_ONNX_that_the_importer_runs_and_names_its_inputs_and_outputs()
    {
        string checkpoint = CliRun.TrainTinyLanguageModel(TempDirectory, 2, "--cell", "gru");
        var exported = CliRun.Run("export", "--model", checkpoint, "--onnx", PathOf("out/lm.onnx"), "--sequence-lens");
        Assert.True(exported.Exit == 0, exported.Error);
        Assert.Contains("tokens int64 (steps, batch), sequence_lens int32 (batch) → logits float (steps, batch, ", exported.Out);
        Assert.Contains("hidden float (2, batch, 8)", exported.Out);
        var model = OnnxModel.Load(PathOf("out/lm.onnx"));
        Assert.Equal(["tokens", "sequence_lens"], model.Inputs);
        Assert.Equal(["logits", "hidden"], model.Outputs);
    }

    [Fact]
    public void Forward_runs_a_checkpoints_network_on_named_tensors_as_the_library_does_and_names_a_bad_id()
    {
        string checkpoint = CliRun.TrainTinyLanguageModel(TempDirectory);
        var tokens = new float[] { 1, 2, 3, 4, 5, 6 };
        Recurrent.Serialization.SafeTensors.Save(PathOf("in.safetensors"), [("tokens", Recurrent.Tensors.Tensor.FromArray(tokens, 3, 2))]);
        var r = CliRun.Run("forward", "--model", checkpoint, "--inputs", PathOf("in.safetensors"), "--out", PathOf("out.safetensors"));
        Assert.True(r.Exit == 0, r.Error);
        var outputs = Recurrent.Serialization.SafeTensors.Load(PathOf("out.safetensors")).Tensors;
        var (kind, loaded) = Recurrent.Models.TaskRegistry.Open(checkpoint);
        var model = (Recurrent.Models.LanguageModeling.LanguageModel)kind.OpenModel(loaded, checkpoint);
        using (model.Inference())
        {
            var (logits, hidden, cell) = model.Forward([1, 2, 3, 4, 5, 6], 3, 2);
            Assert.Equal(logits.Value.Span.ToArray(), outputs["logits"].Span.ToArray());
            Assert.Equal(hidden.Value.Span.ToArray(), outputs["hidden"].Span.ToArray());
            Assert.Equal(cell!.Value.Span.ToArray(), outputs["cell"].Span.ToArray());
        }
        Recurrent.Serialization.SafeTensors.Save(PathOf("bad.safetensors"), [("tokens", Recurrent.Tensors.Tensor.FromArray([1, 2.5f], 1, 2))]);
        CliRun.AssertOneLineError(CliRun.Run("forward", "--model", checkpoint, "--inputs", PathOf("bad.safetensors"), "--out", PathOf("o.safetensors")),
            "tokens[1] = 2.5, not an id");
    }

    [Fact]
    public void Export_of_a_file_that_is_not_a_checkpoint_is_a_one_line_error()
    {
        File.WriteAllText(PathOf("bad.safetensors"), "nonsense");
        CliRun.AssertOneLineError(CliRun.Run("export", "--model", PathOf("bad.safetensors"), "--onnx", PathOf("x.onnx")), "bad.safetensors");
        Assert.False(File.Exists(PathOf("x.onnx")));
    }

    [Fact]
    public void Conformance_prints_a_line_per_case_and_the_counts_and_fails_when_a_case_fails()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx-node");
        var r = CliRun.Run("onnx", "conformance", fixtures);
        Assert.True(r.Exit == 0, r.Error);
        var lines = r.Out.Trim().Split('\n');
        Assert.Equal(13, lines.Length);
        Assert.Contains("test_lstm_defaults: passed (largest difference", r.Out);
        Assert.Contains("test_lstm_with_peepholes: refused: ", r.Out);
        Assert.Matches(@"^\d+ passed, 0 failed, \d+ refused$", lines[^1]);

        // A case whose expected output is wrong fails, and the command exits non-zero.
        string copy = PathOf("case"), data = Path.Combine(copy, "test_data_set_0");
        Directory.CreateDirectory(data);
        string source = Path.Combine(fixtures, "test_simple_rnn_defaults");
        File.Copy(Path.Combine(source, "model.onnx"), Path.Combine(copy, "model.onnx"));
        foreach (var input in Directory.GetFiles(Path.Combine(source, "test_data_set_0"), "input_*.pb")) File.Copy(input, Path.Combine(data, Path.GetFileName(input)));
        var expected = Recurrent.Serialization.Onnx.Proto.TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(source, "test_data_set_0", "output_0.pb")));
        var values = expected.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected.RawData.Span).ToArray() : expected.FloatData.ToArray();
        values[^1] += 0.01f;
        expected.RawData = Google.Protobuf.ByteString.Empty;
        expected.FloatData.Clear();
        expected.FloatData.AddRange(values);
        File.WriteAllBytes(Path.Combine(data, "output_0.pb"), Google.Protobuf.MessageExtensions.ToByteArray(expected));
        var failed = CliRun.Run("onnx", "conformance", copy);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("case: failed (output 'Y_h'", failed.Out);
        Assert.EndsWith("0 passed, 1 failed, 0 refused", failed.Out.Trim());

        // A model file that is not ONNX fails with what is wrong, in one line.
        File.WriteAllBytes(Path.Combine(copy, "model.onnx"), [0xff, 0xff, 0xff, 0x01, 0x02]);
        var garbage = CliRun.Run("onnx", "conformance", copy);
        Assert.Equal(1, garbage.Exit);
        Assert.Contains("case: failed (", garbage.Out);
        Assert.Contains("not an ONNX", garbage.Out);
    }
}
