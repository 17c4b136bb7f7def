using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Models.Seq2Seq;
using Recurrent.Tensors;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Seq2Seq;

public class Seq2SeqModelTests
{
    [Fact]
    public void Stack_puts_parts_along_a_new_first_dimension_and_splits_the_gradient_back()
    {
        var rng = new Rng(1);
        GradCheck.Check(v => Ops.Stack(v), TestData.Gaussian(rng, 2, 3), TestData.Gaussian(rng, 2, 3), TestData.Gaussian(rng, 2, 3));
        var y = Ops.Stack([new Variable(TestData.Arange(2)), new Variable(TestData.Arange(2))]);
        Assert.Equal("(2, 2)", y.Value.ShapeString);
        Assert.Contains("differ", Assert.Throws<ArgumentException>(() => Ops.Stack([new Variable(Tensor.Zeros(2)), new Variable(Tensor.Zeros(3))])).Message);
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("general")]
    [InlineData("additive")]
    public void Attention_gradients_match_finite_differences_with_padding_masked(string kind)
    {
        var rng = new Rng(2);
        int B = 3, S = 4, M = 6, D = kind == "dot" ? 6 : 5;
        var attention = new Attention(kind, D, M, rng);
        int[] lengths = [4, 2, 1];
        GradCheck.Check(v =>
        {
            var (context, weights) = attention.Forward(v[0], v[1], attention.Keys(v[1]), lengths);
            return Ops.ConcatLast(context, weights);
        }, attention.Parameters, TestData.Gaussian(rng, B, D), TestData.Gaussian(rng, B, S, M));
    }

    [Fact]
    public void Attention_weights_are_zero_past_each_source_and_sum_to_one()
    {
        var rng = new Rng(3);
        var attention = new Attention("additive", 4, 6, rng);
        var memory = new Variable(TestData.Gaussian(rng, 2, 5, 6));
        var (_, alpha) = attention.Forward(new Variable(TestData.Gaussian(rng, 2, 4)), memory, attention.Keys(memory), [5, 3]);
        var a = alpha.Value.Span;
        Assert.Equal(1.0, a[..5].ToArray().Sum(x => (double)x), 5);
        Assert.Equal(1.0, a.Slice(5, 3).ToArray().Sum(x => (double)x), 5);
        Assert.Equal([0f, 0f], a.Slice(8, 2).ToArray());
    }

    private static Seq2SeqConfig Tiny(string attention = "general", string cell = "lstm") =>
        new(Cell: cell, SourceVocab: 7, TargetVocab: 8, Embedding: 3, EncoderHidden: 3, EncoderLayers: 2, DecoderHidden: attention == "dot" ? 6 : 4,
            DecoderLayers: 2, Attention: attention, Dropout: 0);

    private static PairBatch Batch()
    {
        int[][] sources = [[4, 5, 6], [6, 4], [5]], targets = [[4, 5], [7], [6, 6, 4]];
        return new PairBatches(sources, targets, 3, Symbols.Start, Symbols.End, Symbols.Padding, BatchOrder.Sequential).Next();
    }

    [Theory]
    [InlineData("general", "lstm")]
    [InlineData("additive", "gru")]
    [InlineData("dot", "lstm")]
    [InlineData("none", "gru")]
    public void The_whole_model_s_gradients_match_finite_differences(string attention, string cell)
    {
        var model = new Seq2SeqModel(Tiny(attention, cell), new Rng(4));
        var batch = Batch();
        GradCheck.Check(_ => model.Loss(batch), model.Parameters);
    }

    [Theory]
    [InlineData("general", "lstm")]
    [InlineData("additive", "gru")]
    [InlineData("dot", "lstm")]
    [InlineData("none", "gru")]
    public void The_graph_free_decoder_gives_the_graph_s_logits_step_after_step_and_after_reordering(string attention, string cell)
    {
        var model = new Seq2SeqModel(Tiny(attention, cell) with { Dropout = 0.2f }, new Rng(9));
        // Three beams of one source: each row reads its own previous symbols, and reordering moves states between them.
        int[][] sources = [[4, 5, 6, 5], [4, 5, 6, 5], [4, 5, 6, 5]];
        using var inference = model.Inference();
        var (ids, steps, lengths) = Decoding.Pad(sources);
        var encoded = model.Encode(ids, steps, lengths);
        var run = model.StartDecoding(encoded);
        var state = encoded.Start;
        int[] previous = [Symbols.Start, Symbols.Start, Symbols.Start];
        for (int t = 0; t < 4; t++)
        {
            var (attentional, next, alpha) = model.Step(encoded, state, previous);
            var expected = model.Logits(attentional).Value.Span.ToArray();
            var actual = run.Step(previous).ToArray();
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
            if (alpha is not null) for (int i = 0; i < 12; i++) Assert.Equal(alpha.Value.Span[i], run.Weights[i], 1e-6f);
            previous = [4 + t, 7 - t, 5];
            state = next;
            if (t == 1)
            {
                // Row 0 takes row 2's state, rows 1 and 2 row 0's, as beam search keeps the best continuations.
                int[] origin = [2, 0, 0];
                run.Reorder(origin);
                state = new DecoderState([.. state.Hidden.Select(h => Rows(h, origin))], [.. state.Cell.Select(c => c is null ? null : Rows(c, origin))], Rows(state.Feed, origin));
            }
        }
    }

    private static Variable Rows(Variable v, int[] rows)
    {
        int width = v.Value.Length / v.Value.Size(0);
        var y = Tensor.Zeros(v.Value.Shape.ToArray());
        for (int i = 0; i < rows.Length; i++) v.Value.Span.Slice(rows[i] * width, width).CopyTo(y.Span.Slice(i * width, width));
        return new Variable(y);
    }

    [Fact]
    public void Batched_greedy_decoding_equals_decoding_one_source_at_a_time()
    {
        var model = new Seq2SeqModel(Tiny("additive"), new Rng(5));
        int[][] sources = [[4, 5, 6, 4], [6], [5, 5], [4, 6, 6, 5, 4]];
        var together = Decoding.Greedy(model, sources);
        for (int i = 0; i < sources.Length; i++) Assert.Equal(Decoding.Greedy(model, [sources[i]])[0], together[i]);
        Assert.All(together, o => Assert.True(o.Length <= Decoding.MaxLength(5)));
    }

    [Fact]
    public void Decoding_with_attention_gives_the_greedy_output_and_one_distribution_per_output_symbol()
    {
        var model = new Seq2SeqModel(Tiny("general"), new Rng(8));
        int[] source = [4, 6, 5, 5];
        var (output, weights) = Decoding.GreedyWithAttention(model, source);
        Assert.Equal(Decoding.Greedy(model, [source])[0], output);
        Assert.Equal(output.Length, weights!.Length);
        Assert.All(weights, w => { Assert.Equal(4, w.Length); Assert.Equal(1.0, w.Sum(x => (double)x), 5); });
    }

    [Fact]
    public void An_empty_source_is_refused() =>
        Assert.Contains("Source 2 is empty", Assert.Throws<ArgumentException>(() => Decoding.Greedy(new Seq2SeqModel(Tiny(), new Rng(6)), [[4], []])).Message);

    [Fact]
    public void Dot_attention_needs_a_decoder_as_wide_as_the_encoder_outputs() =>
        Assert.Contains("must be as wide as the encoder's outputs (2 × 3 = 6)",
            Assert.Throws<ArgumentException>(() => (Tiny("dot") with { DecoderHidden = 4 }).Validate()).Message);
}
