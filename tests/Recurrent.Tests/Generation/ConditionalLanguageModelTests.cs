using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Models.Generation;
using Recurrent.Tensors;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Generation;

/// <summary>The one-to-many decoder: its gradients, its generation step against its training forward, its conditions.</summary>
public sealed class ConditionalLanguageModelTests
{
    private static ConditionalLanguageModelConfig Tiny(string conditioning, string cell = "lstm") =>
        new(conditioning, cell, VocabSize: 6, Conditions: conditioning == "none" ? 0 : 3, ConditionSize: conditioning == "every" ? 2 : 0,
            EmbeddingSize: 3, HiddenSize: 4, Layers: 2, Dropout: 0);

    // (T = 4, B = 3), each column from the start symbol 0.
    private static readonly int[] Tokens = [0, 0, 0, 3, 1, 5, 2, 2, 4, 5, 1, 3];
    private static readonly int[] Targets = [3, 1, 5, 2, 2, 4, 5, 1, 3, 1, Loss.IgnoreIndex, 2];
    private static readonly int[] Classes = [2, 0, 1];

    [Theory]
    [InlineData("first", "lstm")]
    [InlineData("every", "gru")]
    [InlineData("none", "lstm")]
    public void The_whole_model_s_gradients_match_finite_differences(string conditioning, string cell)
    {
        var model = new ConditionalLanguageModel(Tiny(conditioning, cell), new Rng(1));
        GradCheck.Check(_ => Loss.CrossEntropy(model.Forward(Tokens, 4, 3, conditioning == "none" ? null : model.Condition(Classes)), Targets), model.Parameters);
    }

    [Fact]
    public void A_given_condition_vector_gets_its_gradient_too()
    {
        var model = new ConditionalLanguageModel(Tiny("every") with { Conditions = 0 }, new Rng(2));
        Assert.DoesNotContain(model.Parameters, p => p.Name.StartsWith("condition"));
        GradCheck.Check(v => Loss.CrossEntropy(model.Forward(Tokens, 4, 3, v[0]), Targets), TestData.Gaussian(new Rng(3), 3, 2));
    }

    [Theory]
    [InlineData("first", "lstm")]
    [InlineData("every", "gru")]
    [InlineData("none", "rnn")]
    public void Stepping_gives_the_logits_of_the_whole_sequence_forward(string conditioning, string cell)
    {
        var model = new ConditionalLanguageModel(Tiny(conditioning, cell) with { Dropout = 0.3f }, new Rng(4));
        model.Training = false;
        int T = 4, B = 3, V = 6, LBH = 2 * B * 4;
        float[] expected;
        using (Variable.NoGrad()) expected = model.Forward(Tokens, T, B, conditioning == "none" ? null : model.Condition(Classes)).Value.Span.ToArray();
        var condition = conditioning == "none" ? [] : model.ConditionValues(Classes);
        var (hidden, cell_, logits) = (new float[LBH], new float[cell == "lstm" ? LBH : 0], new float[B * V]);
        for (int t = 0; t < T; t++)
        {
            model.Step(Tokens.AsSpan(t * B, B), condition, firstStep: t == 0, hidden, cell_, logits);
            for (int i = 0; i < B * V; i++) Assert.Equal(expected[t * B * V + i], logits[i], 1e-5f);
        }
    }

    [Fact]
    public void The_condition_decides_the_first_step_and_the_names_are_torch_s()
    {
        var model = new ConditionalLanguageModel(Tiny("first"), new Rng(5));
        Assert.Equal(["embedding.weight", "condition.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "decoder.weight", "decoder.bias"], model.Parameters.Select(p => p.Name));
        using var _ = Variable.NoGrad();
        var a = model.Forward([0], 1, 1, model.Condition([0])).Value.Span.ToArray();
        var b = model.Forward([0], 1, 1, model.Condition([1])).Value.Span.ToArray();
        Assert.NotEqual(a, b);
        // With `first`, the start symbol's embedding is not read: another start token changes nothing.
        Assert.Equal(a, model.Forward([4], 1, 1, model.Condition([0])).Value.Span.ToArray());
    }

    [Fact]
    public void Wrong_conditions_and_shapes_are_one_line_errors()
    {
        var conditional = new ConditionalLanguageModel(Tiny("every"), new Rng(6));
        var unconditional = new ConditionalLanguageModel(Tiny("none"), new Rng(6));
        Assert.Equal("This model needs a condition.", Assert.Throws<ArgumentException>(() => conditional.Forward(Tokens, 4, 3, null)).Message);
        Assert.Contains("unconditional", Assert.Throws<ArgumentException>(() => unconditional.Forward(Tokens, 4, 3, new Variable(Tensor.Zeros(3, 2)))).Message);
        Assert.Equal("Expected a condition of shape (3, 2), got (3, 3).", Assert.Throws<ArgumentException>(() => conditional.Forward(Tokens, 4, 3, new Variable(Tensor.Zeros(3, 3)))).Message);
        Assert.Equal("Class 3 is outside the model's 3 classes.", Assert.Throws<ArgumentException>(() => conditional.Condition([0, 3])).Message);
        Assert.Contains("must equal --embedding (3)", Assert.Throws<ArgumentException>(() => (Tiny("first") with { ConditionSize = 5 }).Validate()).Message);
        Assert.Contains("first, every or none", Assert.Throws<ArgumentException>(() => (Tiny("first") with { Conditioning = "last" }).Validate()).Message);
    }
}
