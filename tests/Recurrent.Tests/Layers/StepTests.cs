using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>The inference step path gives what the sequence forward gives.</summary>
public sealed class StepTests
{
    [Theory]
    [InlineData(RecurrentMode.Lstm, 1, 136)]
    [InlineData(RecurrentMode.Gru, 1, 136)]
    [InlineData(RecurrentMode.RnnTanh, 1, 200)]
    [InlineData(RecurrentMode.Lstm, 1)]
    [InlineData(RecurrentMode.Lstm, 3)]
    [InlineData(RecurrentMode.Gru, 1)]
    [InlineData(RecurrentMode.Gru, 2)]
    [InlineData(RecurrentMode.RnnTanh, 1)]
    [InlineData(RecurrentMode.RnnRelu, 3)]
    public void Stepping_through_a_sequence_equals_the_sequence_forward(RecurrentMode mode, int batch, int H = 12)
    {
        const int T = 5, I = 7, L = 2;
        int savedThreads = KernelThreads.Count;
        KernelThreads.Count = 2;   // batch 1 with H ≥ 128 splits the hidden units into blocks
        var layer = RecurrentLayer.Create(mode, I, H, L, rng: new Rng(1));
        var x = TestData.Gaussian(new Rng(2), T, batch, I);
        var h0 = TestData.Gaussian(new Rng(3), L, batch, H);
        var c0 = mode == RecurrentMode.Lstm ? TestData.Gaussian(new Rng(4), L, batch, H) : null;
        var full = layer.Forward(x, h0, c0);

        var hidden = h0.Span.ToArray();
        var cell = c0?.Span.ToArray() ?? [];
        var output = new float[batch * H];
        for (int t = 0; t < T; t++)
        {
            layer.Step(x[t].Span, batch, hidden, cell, output);
            TestData.AssertClose($"output[{t}]", output, full.Output[t].ToDouble(), 1e-5, 1e-5);
        }
        TestData.AssertClose("h_n", hidden, full.HiddenState.ToDouble(), 1e-5, 1e-5);
        if (c0 is not null) TestData.AssertClose("c_n", cell, full.CellState!.ToDouble(), 1e-5, 1e-5);
        KernelThreads.Count = savedThreads;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Char_model_step_gives_the_logits_of_the_sequence_forward(bool prepared)
    {
        var model = new LanguageModel(new LanguageModelConfig("lstm", 11, 6, 9, 2, 0.3f), new Rng(5)) { Training = false };
        if (prepared) model.PrepareSteps();
        int[] tokens = [3, 1, 4, 1, 5, 9, 2, 6];
        var (logits, _, _) = model.Forward(tokens, tokens.Length, 1);
        var hidden = new float[2 * 9]; var cell = new float[2 * 9]; var stepLogits = new float[11];
        for (int t = 0; t < tokens.Length; t++)
        {
            model.Step(tokens[t], hidden, cell, stepLogits);
            TestData.AssertClose($"logits[{t}]", stepLogits, logits.Value.Span.Slice(t * 11, 11).ToArray().Select(v => (double)v).ToArray(), 1e-5, 1e-5);
        }
    }

    [Fact]
    public void Prepared_steps_follow_weight_changes_at_the_next_prepare()
    {
        var model = new LanguageModel(new LanguageModelConfig("gru", 7, 5, 8, 1, 0f), new Rng(6)) { Training = false };
        float[] Logits()
        {
            model.PrepareSteps();
            var logits = new float[7];
            model.Step(2, new float[8], [], logits);
            return logits;
        }
        var before = Logits();
        model.Parameters.Single(p => p.Name == "embedding.weight").Value.Span[2 * 5] += 1f;
        var after = Logits();
        Assert.NotEqual(before, after);
        var (full, _, _) = model.Forward([2], 1, 1);
        TestData.AssertClose("logits", after, full.Value.Span.ToArray().Select(v => (double)v).ToArray(), 1e-5, 1e-5);
    }

    [Fact]
    public void Bidirectional_layers_cannot_step() =>
        Assert.Throws<InvalidOperationException>(() => new Gru(2, 3, bidirectional: true).Step(new float[2], 1, new float[6], [], new float[3]));

    [Fact]
    public void Wrong_state_size_is_named() =>
        Assert.Contains("Expected hidden state of 2 × 1 × 3 = 6 values, got 5",
            Assert.Throws<ArgumentException>(() => new Gru(2, 3, 2).Step(new float[2], 1, new float[5], [], new float[3])).Message);
}
