using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Models.Classification;
using Recurrent.Tensors;
using Recurrent.Tests.Autograd;

namespace Recurrent.Tests.Classification;

/// <summary>
/// The classifier's contract: a padded batch with its lengths gives the outputs and gradients its sequences give one at
/// a time (so no padded step is read as data), for every pooling, cell and input kind; the pooling's gradients agree
/// with finite differences.
/// </summary>
public sealed class SequenceClassifierTests
{
    private static readonly int[][] Sequences = [[5, 2, 7], [3, 3, 8, 9, 4, 2, 6], [9], [4, 6, 2, 2, 5]];
    private static readonly int[] Labels = [1, 0, 2, 1];

    private static SequenceClassifier Model(string pooling, string cell = "lstm", bool bidirectional = true, int layers = 1, int features = 0) =>
        new(new ClassifierConfig(cell, VocabSize: features > 0 ? 0 : 10, Features: features, EmbeddingSize: 6, HiddenSize: 5, Layers: layers,
            Bidirectional: bidirectional, Pooling: pooling, Dropout: 0, Classes: 3), new Rng(11)) { Training = false };

    private static float[][] Values(int features) =>
        Sequences.Select(s => s.SelectMany(id => Enumerable.Range(0, features).Select(f => MathF.Sin(id + 0.7f * f))).ToArray()).ToArray();

    [Theory]
    [InlineData("last", "lstm", true, 1)]
    [InlineData("mean", "lstm", true, 1)]
    [InlineData("max", "gru", true, 2)]
    [InlineData("attention", "lstm", true, 1)]
    [InlineData("last", "gru", false, 2)]
    [InlineData("attention", "rnn", false, 1)]
    [InlineData("mean", "rnn-relu", true, 1)]
    public void A_batch_gives_the_outputs_and_gradients_of_its_sequences_one_at_a_time(string pooling, string cell, bool bidirectional, int layers)
    {
        var model = Model(pooling, cell, bidirectional, layers);
        var batch = new PaddedBatches(Sequences, Sequences.Length, TokenVocabulary.Padding, BatchOrder.ByLength, labels: Labels).Next();
        AssertBatchMatchesSingles(model, ClassifierInput.Of(batch), batch.SourceIndices,
            i => new ClassifierInput(Sequences[i].Length, [Sequences[i].Length], Ids: Sequences[i]));
    }

    [Theory]
    [InlineData("last")]
    [InlineData("max")]
    [InlineData("attention")]
    public void Numeric_sequences_batch_the_same_way(string pooling)
    {
        const int F = 3;
        var model = Model(pooling, features: F);
        var values = Values(F);
        var batch = new FeatureBatches(values, F, values.Length, BatchOrder.ByLength, labels: Labels).Next();
        AssertBatchMatchesSingles(model, ClassifierInput.Of(batch), batch.SourceIndices,
            i => new ClassifierInput(Sequences[i].Length, [Sequences[i].Length], Values: values[i]));
    }

    /// <summary>Logits row by row, and Σ_b CE_b's parameter gradients, of the batch against its sequences alone.</summary>
    private static void AssertBatchMatchesSingles(SequenceClassifier model, ClassifierInput batch, int[] sources, Func<int, ClassifierInput> single)
    {
        int B = batch.Size, C = 3;
        model.ZeroGrad();
        var logits = model.Forward(batch);
        Ops.Scale(Loss.CrossEntropy(logits, sources.Select(i => Labels[i]).ToArray()), B).Backward();
        var batchGrads = model.Parameters.Select(p => p.Grad.Span.ToArray()).ToArray();
        var batchLogits = logits.Value.Span.ToArray();

        model.ZeroGrad();
        for (int b = 0; b < B; b++)
        {
            int i = sources[b];
            var alone = model.Forward(single(i));
            TestData.AssertClose($"logits of sequence {i}", alone.Value.Span, batchLogits.AsSpan(b * C, C), 1e-5, 1e-4);
            Loss.CrossEntropy(alone, [Labels[i]]).Backward();
        }
        for (int k = 0; k < batchGrads.Length; k++)
            TestData.AssertClose($"gradient of {model.Parameters[k].Name}", model.Parameters[k].Grad.Span, batchGrads[k], 1e-5, 1e-4);
    }

    [Fact]
    public void Padding_ids_past_a_sequence_end_change_nothing()
    {
        var model = Model("attention");
        var ids = new[] { 5, 3, 2, 3, 7, 0, 9, 0 };           // (T, B) = (4, 2); sequence 1 has 2 steps, then padding
        var other = new[] { 5, 3, 2, 3, 7, 8, 9, 1 };         // the same with junk where the padding was
        var a = model.Forward(new ClassifierInput(4, [4, 2], Ids: ids)).Value.Span.ToArray();
        var b = model.Forward(new ClassifierInput(4, [4, 2], Ids: other)).Value.Span.ToArray();
        Assert.Equal(a, b);
        var alpha = model.LastAttention!;
        Assert.Equal([0f, 0f], new[] { alpha.Span[1 * 4 + 2], alpha.Span[1 * 4 + 3] });
        Assert.Equal(1f, alpha.Span[4] + alpha.Span[5], 5);
    }

    [Theory]
    [InlineData("last")]
    [InlineData("mean")]
    [InlineData("max")]
    [InlineData("attention")]
    public void Pooling_gradients_agree_with_finite_differences(string pooling)
    {
        const int F = 2, T = 4;
        var model = Model(pooling, features: F);
        var lengths = new[] { 4, 3, 1 };
        var x = TestData.Gaussian(new Rng(3), T, lengths.Length, F);
        // Zero the padding, as the batchers do.
        for (int b = 0; b < lengths.Length; b++)
            for (int t = lengths[b]; t < T; t++) x.Span.Slice((t * lengths.Length + b) * F, F).Clear();
        var checkedParameters = model.Parameters.Where(p => p.Name.StartsWith("attention") || p.Name.StartsWith("output") || p.Name == "rnn.weight_hh_l0").ToList();
        // The pooling sits between the recurrent weights and the output layer: a wrong pooling gradient shows in both.
        GradCheck.Check(_ => model.Forward(new ClassifierInput(T, lengths, Values: x.Span.ToArray())), checkedParameters);
    }

    [Fact]
    public void Token_dropout_replaces_real_tokens_in_training_only()
    {
        var config = new ClassifierConfig(VocabSize: 10, EmbeddingSize: 4, HiddenSize: 3, Pooling: "mean", Dropout: 0, Classes: 2, TokenDropout: 0.5f);
        var model = new SequenceClassifier(config, new Rng(1)) { Training = false };
        var input = new ClassifierInput(5, [5, 3], Ids: [2, 3, 4, 5, 6, 7, 8, 0, 9, 0]);
        var evaluation = model.Forward(input).Value.Span.ToArray();
        Assert.Equal(evaluation, model.Forward(input).Value.Span.ToArray());        // no randomness in evaluation
        // Training mode differs from evaluation only through the dropped tokens (no other dropout here): with every
        // token dropped the model sees only <unk>, like an all-<unk> input in evaluation.
        var all = new SequenceClassifier(config with { TokenDropout = 0.999999f }, new Rng(1)) { Training = true };
        var unknowns = new ClassifierInput(5, [5, 3], Ids: [1, 1, 1, 1, 1, 1, 1, 0, 1, 0]);
        var dropped = all.Forward(input).Value.Span.ToArray();
        all.Training = false;
        Assert.Equal(all.Forward(unknowns).Value.Span.ToArray(), dropped);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 0, 9, 0], input.Ids!);                    // the caller's batch is untouched
    }

    [Fact]
    public void State_dict_names_follow_the_module_names()
    {
        var names = Model("attention", bidirectional: false).Parameters.Select(p => p.Name).ToArray();
        Assert.Equal(["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                      "attention.proj.weight", "attention.proj.bias", "attention.context.weight", "output.weight", "output.bias"], names);
    }
}
