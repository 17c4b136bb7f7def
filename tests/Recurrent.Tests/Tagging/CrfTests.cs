using Recurrent.Autograd;
using Recurrent.Models.Tagging;
using Recurrent.Tensors;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Tagging;

/// <summary>The CRF output layer: its loss against enumeration of every path, its gradients by finite differences, Viterbi against brute force.</summary>
public sealed class CrfTests
{
    private const int K = 3, B = 2, T = 4;
    private static readonly int[] Lengths = [4, 2];
    private static readonly int[] Targets = [0, 2, 1, 1, 2, 9, 0, 9];        // (T, B); 9 past sentence 1's end is never read

    private static IEnumerable<int[]> Paths(int length) =>
        length == 0 ? [[]] : Paths(length - 1).SelectMany(p => Enumerable.Range(0, K).Select(k => (int[])[.. p, k]));

    [Fact]
    public void The_loss_is_log_z_minus_the_gold_score_per_token_with_z_summed_over_every_path()
    {
        var rng = new Rng(3);
        var emissions = TestData.Gaussian(rng, T * B, K);
        var crf = new Crf(K, rng);
        var loss = crf.Loss(new Variable(emissions), Targets, Lengths).Value.Span[0];
        double expected = 0;
        for (int b = 0; b < B; b++)
        {
            double z = Paths(Lengths[b]).Sum(p => Math.Exp(crf.Score(emissions.Span, b, B, p)));
            var gold = Enumerable.Range(0, Lengths[b]).Select(t => Targets[t * B + b]).ToArray();
            expected += Math.Log(z) - crf.Score(emissions.Span, b, B, gold);
        }
        Assert.Equal(expected / Lengths.Sum(), loss, 5);
    }

    [Fact]
    public void Gradients_of_emissions_transitions_start_and_end_match_finite_differences()
    {
        var rng = new Rng(4);
        GradCheck.Check(v => Ops.CrfNegativeLogLikelihood(v[0], v[1], v[2], v[3], Targets, Lengths),
            TestData.Gaussian(rng, T * B, K), TestData.Gaussian(rng, K, K), TestData.Gaussian(rng, K), TestData.Gaussian(rng, K));
    }

    [Fact]
    public void Viterbi_finds_the_best_of_all_paths()
    {
        var rng = new Rng(5);
        for (int trial = 0; trial < 5; trial++)
        {
            var emissions = TestData.Gaussian(rng, T * B, K);
            var crf = new Crf(K, rng);
            foreach (var p in crf.Parameters) rng.FillGaussian(p.Value.Span);
            var decoded = crf.Decode(emissions.Span, Lengths);
            for (int b = 0; b < B; b++)
            {
                var best = Paths(Lengths[b]).MaxBy(p => crf.Score(emissions.Span, b, B, p))!;
                Assert.Equal(best, decoded[b]);
            }
        }
    }

    [Fact]
    public void A_target_outside_the_tags_is_named()
    {
        var crf = new Crf(K, new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => crf.Loss(new Variable(Tensor.Zeros(T * B, K)), [0, 0, 5, 0, 0, 0, 0, 0], Lengths));
        Assert.Contains("tag 5 at step 1 of sentence 0", e.Message);
    }
}
