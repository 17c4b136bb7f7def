using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Models.Tagging;
using Recurrent.Tensors;

namespace Recurrent.Tests.Reliability;

/// <summary>Softmax, log-softmax, log-sum-exp and the losses built on them stay exact for logits of ±1e4 (no overflow to Inf or NaN).</summary>
public sealed class LargeValueTests
{
    // Rows whose naive exp overflows (e^10000) or underflows to 0 everywhere (e^-10000).
    private static readonly float[] Logits = [1e4f, 1e4f - 1, -1e4f, 0f, 9999.5f, -1e4f + 3, -1e4f, -1e4f + 1];

    [Fact]
    public void Softmax_and_log_softmax_of_plus_and_minus_ten_thousand_are_finite_and_equal_the_shifted_computation()
    {
        var x = new Variable(Tensor.FromArray(Logits, 2, 4));
        var p = Ops.Softmax(x).Value.Span;
        var logp = Ops.LogSoftmax(x).Value.Span;
        for (int row = 0; row < 2; row++)
        {
            // Reference in double, shifted by the row maximum.
            var r = Logits.AsSpan(row * 4, 4).ToArray().Select(v => (double)v).ToArray();
            double max = r.Max(), logSum = max + Math.Log(r.Sum(v => Math.Exp(v - max)));
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(Math.Exp(r[j] - logSum), p[row * 4 + j], 5);
                Assert.Equal(r[j] - logSum, logp[row * 4 + j], 2);
                Assert.True(float.IsFinite(logp[row * 4 + j]));
            }
        }
        var rowSoftmax = new float[4];
        StableSoftmax.Row(Logits.AsSpan(4, 4), rowSoftmax);
        Assert.Equal(1.0, rowSoftmax.Sum(), 5);
        Assert.All(rowSoftmax, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Cross_entropy_and_its_gradient_for_logits_of_ten_thousand_are_finite()
    {
        var logits = new Variable(Tensor.FromArray(Logits, 2, 4), requiresGrad: true);
        var loss = Loss.CrossEntropy(logits, [2, 1], labelSmoothing: 0.1f);
        Assert.True(float.IsFinite(loss.Value.Span[0]));
        Assert.True(loss.Value.Span[0] > 1000);             // class 2 of row 0 is 2·10⁴ below the best: a huge but finite loss
        loss.Backward();
        Assert.All(logits.Grad!.Span.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void Masked_softmax_over_scores_of_ten_thousand_is_finite_and_exactly_zero_past_each_length()
    {
        var alpha = Ops.MaskedSoftmax(new Variable(Tensor.FromArray(Logits, 2, 4)), [3, 1]).Value.Span;
        Assert.All(alpha.ToArray(), a => Assert.True(float.IsFinite(a)));
        Assert.Equal(0f, alpha[3]);
        Assert.Equal(1f, alpha[4]);
        Assert.Equal([0f, 0f, 0f], alpha[5..].ToArray());
    }

    [Fact]
    public void The_CRFs_loss_and_Viterbi_path_for_emissions_of_ten_thousand_are_finite_and_right()
    {
        var crf = new Crf(3, new Rng(1));
        // T = 3, B = 1, K = 3: the emissions make the path 0, 2, 1 overwhelmingly likely.
        float[] emissions = [1e4f, -1e4f, 0, -1e4f, 0, 1e4f, 0, 1e4f, -1e4f];
        var e = new Variable(Tensor.FromArray(emissions, 3, 3), requiresGrad: true);
        var loss = crf.Loss(e, [0, 2, 1], [3]);
        Assert.True(float.IsFinite(loss.Value.Span[0]));
        Assert.True(loss.Value.Span[0] < 1);                  // the gold path has probability near 1
        loss.Backward();
        Assert.All(e.Grad!.Span.ToArray(), g => Assert.True(float.IsFinite(g)));
        Assert.Equal([0, 2, 1], crf.Decode(emissions, [3])[0]);
        var wrong = crf.Loss(new Variable(Tensor.FromArray(emissions, 3, 3)), [1, 0, 2], [3]).Value.Span[0];
        Assert.True(float.IsFinite(wrong) && wrong > 1e4);
    }
}
