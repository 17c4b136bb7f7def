using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization.Onnx;
using Recurrent.Tensors;
using static Recurrent.Onnx.Tests.OnnxRuntimeRun;

namespace Recurrent.Onnx.Tests;

public sealed class LanguageModelExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-lm").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, int> Cells => new() { { "lstm", 2 }, { "gru", 2 }, { "rnn", 1 }, { "rnn-relu", 3 } };

    private static LanguageModel Model(string cell, int layers) =>
        new(new LanguageModelConfig(cell, VocabSize: 13, EmbeddingSize: 5, HiddenSize: 7, Layers: layers, Dropout: 0.2f), new Rng(7));

    private static long[] Tokens(int steps, int batch, int seed)
    {
        var rng = new Rng((ulong)seed);
        return [.. Enumerable.Range(0, steps * batch).Select(_ => (long)(rng.NextUInt() % 13))];
    }

    [Theory, MemberData(nameof(Cells))]
    public void Logits_and_states_equal_Recurrents_at_batch_1_3_8_and_several_lengths(string cell, int layers)
    {
        var model = Model(cell, layers);
        string path = Path.Combine(_dir, $"{cell}.onnx");
        OnnxExport.Write(model, path);
        using var _ = model.Inference();
        foreach (int batch in new[] { 1, 3, 8 })
            foreach (int steps in new[] { 1, 4, 9 })
            {
                var tokens = Tokens(steps, batch, batch * 31 + steps);
                var onnx = Run(path, ("tokens", tokens, [steps, batch]));
                var (logits, hidden, cellState) = model.Forward(tokens.Select(t => (int)t).ToArray(), steps, batch);
                Assert.Equal([steps, batch, 13], onnx["logits"].Shape);
                AssertClose(logits.Value.Span, onnx["logits"].Values, $"{cell} B={batch} T={steps} logits");
                AssertClose(hidden.Value.Span, onnx["hidden"].Values, $"{cell} hidden");
                if (cellState is not null) AssertClose(cellState.Value.Span, onnx["cell"].Values, $"{cell} cell");
                else Assert.False(onnx.ContainsKey("cell"));
            }
    }

    [Theory, MemberData(nameof(Cells))]
    public void With_sequence_lens_and_an_initial_state_each_sequence_gets_what_it_gets_alone(string cell, int layers)
    {
        var model = Model(cell, layers);
        string path = Path.Combine(_dir, $"{cell}-lens.onnx");
        OnnxExport.Write(model, path, new OnnxExportOptions(SequenceLengths: true, InitialState: true));
        using var _ = model.Inference();
        int H = 7, V = 13;
        foreach (int batch in new[] { 1, 3, 8 })
        {
            int steps = 6;
            var tokens = Tokens(steps, batch, batch);
            var lengths = Enumerable.Range(0, batch).Select(b => 1 + (b * 5 + 2) % steps).ToArray();
            var rng = new Rng((ulong)batch + 100);
            var h0 = Enumerable.Range(0, layers * batch * H).Select(_ => rng.NextFloat() - 0.5f).ToArray();
            var c0 = Enumerable.Range(0, layers * batch * H).Select(_ => rng.NextFloat() - 0.5f).ToArray();
            var inputs = new List<(string, Array, int[])>
            {
                ("tokens", tokens, [steps, batch]), ("sequence_lens", lengths, [batch]), ("initial_h", h0, [layers, batch, H]),
            };
            if (cell == "lstm") inputs.Add(("initial_c", c0, [layers, batch, H]));
            var onnx = Run(path, [.. inputs]);
            for (int b = 0; b < batch; b++)
            {
                int T = lengths[b];
                var alone = Enumerable.Range(0, T).Select(t => (int)tokens[t * batch + b]).ToArray();
                var state = Enumerable.Range(0, layers).SelectMany(l => h0.Skip((l * batch + b) * H).Take(H)).ToArray();
                var cellState = Enumerable.Range(0, layers).SelectMany(l => c0.Skip((l * batch + b) * H).Take(H)).ToArray();
                var r = model.Forward(alone, T, 1, new(Tensor.FromArray(state, layers, 1, H)),
                    cell == "lstm" ? new(Tensor.FromArray(cellState, layers, 1, H)) : null);
                for (int t = 0; t < T; t++)
                    AssertClose(r.Logits.Value.Span.Slice(t * V, V), onnx["logits"].Values.AsSpan((t * batch + b) * V, V), $"{cell} b={b} t={t} logits");
                for (int l = 0; l < layers; l++)
                {
                    AssertClose(r.Hidden.Value.Span.Slice(l * H, H), onnx["hidden"].Values.AsSpan((l * batch + b) * H, H), $"{cell} b={b} hidden l{l}");
                    if (r.Cell is not null)
                        AssertClose(r.Cell.Value.Span.Slice(l * H, H), onnx["cell"].Values.AsSpan((l * batch + b) * H, H), $"{cell} b={b} cell l{l}");
                }
            }
        }
    }
}
