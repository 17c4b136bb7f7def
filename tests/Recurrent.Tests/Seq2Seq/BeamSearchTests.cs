using Recurrent.Autograd;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;

namespace Recurrent.Tests.Seq2Seq;

public class BeamSearchTests
{
    private static Seq2SeqModel Model(int targetVocab = 9, ulong seed = 7) =>
        new(new Seq2SeqConfig(SourceVocab: 7, TargetVocab: targetVocab, Embedding: 4, EncoderHidden: 4, EncoderLayers: 1, DecoderHidden: 5,
            Attention: "additive", Dropout: 0), new Rng(seed));

    private static readonly int[][] Sources = [[4, 5, 6, 4], [6], [5, 5], [4, 6, 6, 5, 4], [5, 4]];

    [Fact]
    public void Width_1_without_length_normalisation_is_greedy_decoding()
    {
        var model = Model();
        var greedy = Decoding.Greedy(model, Sources);
        var beam = BeamSearch.Decode(model, Sources, width: 1, alpha: 0);
        for (int i = 0; i < Sources.Length; i++) Assert.Equal(greedy[i], beam[i][0].Ids);
    }

    /// <summary>log p(y, then &lt;/s&gt; unless y is as long as the limit) under teacher forcing, one step at a time.</summary>
    private static double LogProbability(Seq2SeqModel model, int[] source, int[] y, int limit)
    {
        using var inference = model.Inference();
        var encoded = model.Encode(source, source.Length, [source.Length]);
        var state = encoded.Start;
        int previous = Symbols.Start;
        double total = 0;
        int[] steps = y.Length < limit ? [.. y, Symbols.End] : y;
        foreach (int next in steps)
        {
            (var attentional, state, _) = model.Step(encoded, state, [previous]);
            var logits = model.Logits(attentional).Value.Span.ToArray();
            // The beam's distribution: softmax over every symbol (reserved ones never win, but they count in the sum).
            double max = logits.Max(), log = Math.Log(logits.Sum(l => Math.Exp(l - max))) + max;
            total += logits[next] - log;
            previous = next;
        }
        return total;
    }

    [Fact]
    public void A_wide_beam_finds_the_most_probable_output_that_brute_force_finds()
    {
        var model = Model(targetVocab: 7, seed: 11);                  // 3 real symbols: ids 4, 5, 6
        const int limit = 3;
        foreach (var source in Sources.Take(3))
        {
            var all = new List<int[]> { Array.Empty<int>() };
            for (int n = 1; n <= limit; n++) all.AddRange(all.Where(y => y.Length == n - 1).SelectMany(y => new[] { 4, 5, 6 }.Select(v => (int[])[.. y, v])).ToList());
            var best = all.MaxBy(y => LogProbability(model, source, y, limit))!;
            var found = BeamSearch.Decode(model, [source], width: 40, alpha: 0, maxLength: limit)[0];
            Assert.Equal(best, found[0].Ids);
            Assert.Equal(LogProbability(model, source, best, limit), found[0].LogProbability, 4);
            Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Score >= p.Second.Score), "the n-best list is sorted");
        }
    }

    [Fact]
    public void The_n_best_list_holds_width_distinct_outputs_and_batched_equals_one_at_a_time()
    {
        var model = Model();
        var together = BeamSearch.Decode(model, Sources, width: 4);
        for (int i = 0; i < Sources.Length; i++)
        {
            Assert.Equal(4, together[i].Length);
            Assert.Equal(4, together[i].Select(h => string.Join(',', h.Ids)).Distinct().Count());
            var alone = BeamSearch.Decode(model, [Sources[i]], width: 4)[i - i];
            Assert.Equal(alone.Select(h => h.Ids), together[i].Select(h => h.Ids));
        }
    }

    [Fact]
    public void A_width_below_1_is_refused() =>
        Assert.Contains("beam width must be at least 1", Assert.Throws<ArgumentException>(() => BeamSearch.Decode(Model(), Sources, width: 0)).Message);
}
