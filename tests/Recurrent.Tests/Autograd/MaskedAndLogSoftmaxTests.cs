using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>MaskedSoftmax (exact zeros and zero gradient past each length) and LogSoftmax (stable at any magnitude).</summary>
public sealed class MaskedAndLogSoftmaxTests
{
    [Fact]
    public void Masked_softmax_normalises_the_valid_prefix_and_is_exactly_zero_past_it()
    {
        var scores = new Variable(Tensor.FromArray([0f, MathF.Log(3), 5, 1, 2, 3], 2, 3), requiresGrad: true);
        var y = Ops.MaskedSoftmax(scores, [2, 3]);
        double e = Math.E, z = 1 + e + e * e;
        TestData.AssertClose("y", y.Value.Span, [0.25, 0.75, 0, 1 / z, e / z, e * e / z], 1e-6, 1e-6);
        Assert.Equal(0f, y.Value.Span[2]);

        Ops.Sum(Ops.Multiply(y, new Variable(TestData.Gaussian(new Rng(3), 2, 3)))).Backward();
        Assert.Equal(0f, scores.Grad!.Span[2]);
        Assert.NotEqual(0f, scores.Grad!.Span[0]);
    }

    [Fact]
    public void Softmaxes_are_stable_for_scores_far_beyond_exp_s_range()
    {
        // exp(90) overflows float; a softmax that does not subtract the maximum turns such a row into NaN.
        var big = Tensor.FromArray([1e4f, 1e4f - 1, -1e4f, 90, 89, 0], 2, 3);
        var masked = Ops.MaskedSoftmax(new Variable(big), [3, 2]).Value.Span.ToArray();
        double e = Math.E;
        TestData.AssertClose("masked", masked, [e / (e + 1), 1 / (e + 1), 0, e / (e + 1), 1 / (e + 1), 0], 1e-6, 1e-6);
        var plain = Ops.Softmax(new Variable(big)).Value.Span.ToArray();
        Assert.All(plain, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(e / (e + 1), plain[3], 5);
    }

    [Fact]
    public void Masked_softmax_with_full_lengths_is_softmax()
    {
        var x = TestData.Gaussian(new Rng(4), 3, 5);
        Assert.Equal(Ops.Softmax(new Variable(x)).Value.Span.ToArray(), Ops.MaskedSoftmax(new Variable(x), [5, 5, 5]).Value.Span.ToArray());
    }

    [Fact]
    public void Masked_softmax_names_bad_shapes_and_lengths()
    {
        var scores = new Variable(Tensor.Zeros(2, 3));
        Assert.Equal("MaskedSoftmax: expected scores of shape (B, T), got (2, 3, 1).",
            Assert.Throws<ArgumentException>(() => Ops.MaskedSoftmax(new Variable(Tensor.Zeros(2, 3, 1)), [1, 1])).Message);
        Assert.Equal("MaskedSoftmax: expected 2 lengths, one per sequence, got 3.",
            Assert.Throws<ArgumentException>(() => Ops.MaskedSoftmax(scores, [1, 2, 3])).Message);
        Assert.Equal("MaskedSoftmax: lengths[1] = 4 is outside [1, 3].",
            Assert.Throws<ArgumentException>(() => Ops.MaskedSoftmax(scores, [3, 4])).Message);
    }

    [Fact]
    public void Log_softmax_by_hand_and_at_extreme_magnitudes()
    {
        double quarter = Math.Log(0.25), threeQuarters = Math.Log(0.75);
        var y = Ops.LogSoftmax(new Variable(Tensor.FromArray([0f, MathF.Log(3), 1000, 1000 + MathF.Log(3), -1000, 0], 3, 2))).Value;
        Assert.True(y.HasShape(3, 2));
        // A naive log(exp(x)/Σ exp) overflows at 1000 and underflows at −1000; x − max − log Σ exp(x − max) does not.
        TestData.AssertClose("y", y.Span, [quarter, threeQuarters, quarter, threeQuarters, -1000, 0], 1e-4, 1e-6);
    }

    [Fact]
    public void Log_softmax_is_the_log_of_softmax()
    {
        var x = TestData.Gaussian(new Rng(5), 2, 3, 4);
        var expected = Ops.Softmax(new Variable(x)).Value.Span.ToArray().Select(p => Math.Log(p)).ToArray();
        TestData.AssertClose("log softmax", Ops.LogSoftmax(new Variable(x)).Value.Span, expected, 1e-6, 1e-5);
    }

    [Fact]
    public void Log_softmax_needs_a_non_empty_last_dimension() =>
        Assert.Equal("LogSoftmax: expected a non-empty last dimension, got shape (3, 0).",
            Assert.Throws<ArgumentException>(() => Ops.LogSoftmax(new Variable(Tensor.Zeros(3, 0)))).Message);
}
