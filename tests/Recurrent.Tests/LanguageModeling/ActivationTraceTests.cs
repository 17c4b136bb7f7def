using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;

namespace Recurrent.Tests.LanguageModeling;

/// <summary>
/// The trace of "inside the LSTM" is the model's own computation: at every token, each layer's hidden state (and an
/// LSTM's cell) equals what the generation step computes, and the gates are in (0, 1).
/// </summary>
public sealed class ActivationTraceTests
{
    private static readonly int[] Tokens = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    [InlineData("rnn-relu")]
    public void Every_layers_hidden_state_is_the_one_the_model_steps_through(string cell)
    {
        const int V = 11, H = 9, L = 2;
        var model = new LanguageModel(new LanguageModelConfig(cell, V, 6, H, L, 0.3f), new Rng(5)) { Training = false };
        var traces = Enumerable.Range(0, L).Select(l => ActivationTrace.Run(model, Tokens, l)).ToArray();
        var hidden = new float[L * H]; var cellState = new float[L * H]; var logits = new float[V];
        for (int t = 0; t < Tokens.Length; t++)
        {
            model.Step(Tokens[t], hidden, cellState, logits);
            for (int l = 0; l < L; l++)
            {
                var trace = traces[l];
                TestData.AssertClose($"h[{t}, layer {l}]", trace.Signals["hidden"].AsSpan(t * H, H).ToArray(), [.. hidden.AsSpan(l * H, H).ToArray().Select(v => (double)v)], 1e-5, 1e-5);
                if (cell == "lstm")
                    TestData.AssertClose($"c[{t}, layer {l}]", trace.Signals["cell"].AsSpan(t * H, H).ToArray(), [.. cellState.AsSpan(l * H, H).ToArray().Select(v => (double)v)], 1e-5, 1e-5);
            }
        }
    }

    [Fact]
    public void An_lstm_has_its_gates_in_the_open_unit_interval_and_the_candidate_in_minus_one_one()
    {
        var model = new LanguageModel(new LanguageModelConfig("lstm", 11, 6, 9, 1, 0f), new Rng(8));
        var trace = ActivationTrace.Run(model, Tokens, 0);
        Assert.Equal(["candidate", "cell", "forget", "hidden", "input", "output"], trace.Signals.Keys.Order());
        foreach (var gate in new[] { "input", "forget", "output" }) Assert.All(trace.Signals[gate], v => Assert.InRange(v, 0f, 1f));
        Assert.All(trace.Signals["candidate"], v => Assert.InRange(v, -1f, 1f));
        Assert.Equal(Tokens.Length * 9, trace.Signals["forget"].Length);
    }

    [Fact]
    public void A_unit_correlates_perfectly_with_itself_and_a_constant_feature_is_refused()
    {
        var model = new LanguageModel(new LanguageModelConfig("gru", 11, 6, 9, 1, 0f), new Rng(9));
        var trace = ActivationTrace.Run(model, Tokens, 0);
        var unit4 = trace.Unit("hidden", 4).Select(v => (double)v).ToArray();
        var r = trace.Correlations("hidden", unit4);
        Assert.Equal(1.0, r[4], 6);
        Assert.Equal(4, Array.IndexOf(r, r.Max()));
        Assert.Equal(-1.0, trace.Correlations("hidden", [.. unit4.Select(v => -v)])[4], 6);
        var e = Assert.Throws<ArgumentException>(() => trace.Correlations("hidden", new double[Tokens.Length]));
        Assert.Contains("same value at every token", e.Message);
        Assert.Throws<ArgumentException>(() => trace.Unit("forget", 0));   // a GRU has no forget gate
        Assert.Throws<ArgumentException>(() => ActivationTrace.Run(model, Tokens, 1));
    }

    [Fact]
    public void Text_features_mark_quotes_line_positions_and_parentheses()
    {
        string[] chars = [.. "a \"b\" (c)\nde".Select(c => c.ToString())];
        Assert.Equal([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], TextFeature.Compute("quotes", chars).Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], TextFeature.Compute("line-position", chars).Select(v => (int)v));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0], TextFeature.Compute("parentheses", chars).Select(v => (int)v));
        Assert.Throws<ArgumentException>(() => TextFeature.Compute("sentiment", chars));
    }
}
