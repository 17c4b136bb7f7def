using Recurrent.Autograd;
using Recurrent.Models.Forecasting;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;
using static Recurrent.Onnx.Tests.OnnxRuntimeRun;
using static Recurrent.Onnx.Tests.TestInputs;

namespace Recurrent.Onnx.Tests;

public sealed class ForecasterExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-forecaster").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("gru", 1, 1, "recursive", 1)]
    [InlineData("lstm", 2, 3, "recursive", 1)]
    [InlineData("rnn", 1, 2, "direct", 4)]
    public void Outputs_and_states_equal_Recurrents_from_a_given_state_at_batch_1_3_and_8(string cell, int layers, int features, string strategy, int horizon)
    {
        var config = new ForecasterConfig(cell, HiddenSize: 6, Layers: layers, Features: features, Window: 5, Strategy: strategy, Horizon: horizon);
        var model = new Forecaster(config, new Rng(9));
        string path = Path.Combine(_dir, "forecaster.onnx");
        OnnxExport.Write(model, path, new OnnxExportOptions(InitialState: true));
        using var _ = model.Inference();
        int H = 6;
        foreach (int batch in Batches)
            foreach (int steps in new[] { 1, 5, 12 })
            {
                var values = Values(steps * batch * features, batch * steps);
                var h0 = Values(layers * batch * H, batch + 7);
                var c0 = Values(layers * batch * H, batch + 8);
                var (y, state) = model.Forward(new Variable(Tensor.FromArray(values, steps, batch, features)),
                    new Variable(Tensor.FromArray(h0, layers, batch, H)), cell == "lstm" ? new Variable(Tensor.FromArray(c0, layers, batch, H)) : null);
                var inputs = new List<(string, Array, int[])> { ("values", values, [steps, batch, features]), ("initial_h", h0, [layers, batch, H]) };
                if (cell == "lstm") inputs.Add(("initial_c", c0, [layers, batch, H]));
                var onnx = Run(path, [.. inputs]);
                AssertClose(y.Value.Span, onnx["outputs"].Values, $"B={batch} T={steps} outputs");
                AssertClose(state.HiddenState.Value.Span, onnx["hidden"].Values, "hidden");
                if (state.CellState is not null) AssertClose(state.CellState.Value.Span, onnx["cell"].Values, "cell");
            }
    }

    [Fact]
    public void With_sequence_lens_each_series_of_a_padded_batch_gets_what_it_gets_alone()
    {
        var config = new ForecasterConfig("lstm", HiddenSize: 4, Layers: 2, Features: 2, Window: 5);
        var model = new Forecaster(config, new Rng(10));
        string path = Path.Combine(_dir, "padded.onnx");
        OnnxExport.Write(model, path, new OnnxExportOptions(SequenceLengths: true));
        using var _ = model.Inference();
        int steps = 6, batch = 3, F = 2, H = 4;
        var values = Values(steps * batch * F, 1);
        var lengths = new[] { 6, 2, 4 };
        var onnx = Run(path, ("values", values, [steps, batch, F]), ("sequence_lens", lengths, [batch]));
        for (int b = 0; b < batch; b++)
        {
            int T = lengths[b];
            var alone = Enumerable.Range(0, T).SelectMany(t => values.Skip((t * batch + b) * F).Take(F)).ToArray();
            var (y, state) = model.Forward(new Variable(Tensor.FromArray(alone, T, 1, F)));
            for (int t = 0; t < T; t++)
                AssertClose(y.Value.Span.Slice(t * F, F), onnx["outputs"].Values.AsSpan((t * batch + b) * F, F), $"b={b} t={t}");
            for (int l = 0; l < 2; l++)
                AssertClose(state.HiddenState.Value.Span.Slice(l * H, H), onnx["hidden"].Values.AsSpan((l * batch + b) * H, H), $"b={b} hidden {l}");
        }
    }
}
