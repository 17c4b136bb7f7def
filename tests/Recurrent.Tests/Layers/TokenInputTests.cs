using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Token input (ids into an embedding table) is the same function as the dense input embedding[tokens]: same outputs,
/// same parameter gradients, and the table's gradient equals the dense input gradient summed per token.
/// </summary>
public sealed class TokenInputTests
{
    public static TheoryData<RecurrentMode, bool, bool, bool> Configurations() => new()
    {
        { RecurrentMode.Lstm, false, false, false },
        { RecurrentMode.Lstm, true, true, true },
        { RecurrentMode.Gru, false, true, false },
        { RecurrentMode.Gru, true, false, true },
        { RecurrentMode.RnnTanh, false, false, true },
        { RecurrentMode.RnnRelu, true, true, false },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Token_forward_and_backward_match_the_embedded_dense_input(RecurrentMode mode, bool bidirectional,
        bool batchFirst, bool withLengths)
    {
        const int V = 7, I = 5, H = 6, T = 9, B = 4;
        var rng = new Rng(11);
        var table = TestData.Gaussian(rng, V, I);
        int[] tokens = [.. Enumerable.Range(0, T * B).Select(_ => rng.NextInt(V))];   // laid out (T, B) or (B, T)
        int[]? lengths = withLengths ? [9, 3, 6, 1] : null;
        var dense = Make(mode, bidirectional, batchFirst);
        var fused = Make(mode, bidirectional, batchFirst);
        int D = bidirectional ? 2 : 1;
        var x = batchFirst ? Tensor.Zeros(B, T, I) : Tensor.Zeros(T, B, I);
        for (int r = 0; r < tokens.Length; r++) table.Span.Slice(tokens[r] * I, I).CopyTo(x.Span.Slice(r * I, I));
        var h0 = TestData.Gaussian(rng, 2 * D, B, H);
        var c0 = mode == RecurrentMode.Lstm ? TestData.Gaussian(rng, 2 * D, B, H) : null;

        var expected = dense.Forward(x, h0, c0, lengths);
        var actual = fused.Forward(tokens, T, B, table, h0, c0, lengths);
        TestData.AssertClose("output", actual.Output, expected.Output, 1e-5f, 1e-5f);
        TestData.AssertClose("h_n", actual.HiddenState, expected.HiddenState, 1e-5f, 1e-5f);

        var dOutput = TestData.Gaussian(rng, expected.Output.Shape.ToArray());
        var dHn = TestData.Gaussian(rng, 2 * D, B, H);
        var gDense = dense.Backward(dOutput, dHn);
        var gFused = fused.Backward(dOutput, dHn);
        for (int p = 0; p < dense.Parameters.Count; p++)
            TestData.AssertClose(dense.Parameters[p].Name, fused.Parameters[p].Grad, dense.Parameters[p].Grad, 1e-4f, 1e-4f);
        TestData.AssertClose("dh0", gFused.InitialHidden, gDense.InitialHidden, 1e-5f, 1e-5f);

        // d table[v] = Σ over positions holding token v of d x[position]
        var dTable = Tensor.Zeros(V, I);
        for (int r = 0; r < tokens.Length; r++)
            TensorPrimitives.Add(dTable.Span.Slice(tokens[r] * I, I), gDense.Input.Span.Slice(r * I, I), dTable.Span.Slice(tokens[r] * I, I));
        Assert.Equal([V, I], gFused.Input.Shape.ToArray());
        TestData.AssertClose("embedding table gradient", gFused.Input, dTable, 1e-4f, 1e-4f);
    }

    [Fact]
    public void Token_form_in_a_graph_sends_the_table_gradient_to_the_embedding()
    {
        var rng = new Rng(5);
        var embedding = new Embedding(6, 4, rng);
        var lstm = new Lstm(4, 3, 2, rng: rng);
        int[] tokens = [0, 5, 2, 2, 1, 3];   // (T = 3, B = 2)
        var y = lstm.Forward(tokens, 3, 2, embedding.Weight.AsVariable());
        Ops.Sum(y.Output).Backward();
        var fromTokens = embedding.Weight.Grad.Span.ToArray();

        embedding.ZeroGrad();
        lstm.ZeroGrad();
        Ops.Sum(lstm.Forward(embedding.Forward(tokens, 3, 2)).Output).Backward();
        TestData.AssertClose("embedding gradient", Tensor.FromArray(fromTokens, 6, 4), Tensor.FromArray(embedding.Weight.Grad.Span.ToArray(), 6, 4), 1e-5f, 1e-5f);
        Assert.Contains(fromTokens, v => v != 0);
    }

    [Fact]
    public void Token_ids_outside_the_table_and_mismatched_shapes_are_refused()
    {
        var gru = new Gru(4, 3);
        var table = Tensor.Zeros(5, 4);
        var outside = Assert.Throws<ArgumentException>(() => gru.Forward([0, 5], 2, 1, table));
        Assert.Contains("Token id 5", outside.Message);
        var count = Assert.Throws<ArgumentException>(() => gru.Forward([0, 1, 2], 2, 1, table));
        Assert.Contains("2 × 1 = 2 token ids", count.Message);
        var width = Assert.Throws<ArgumentException>(() => gru.Forward([0, 1], 2, 1, Tensor.Zeros(5, 3)));
        Assert.Contains("(V, 4)", width.Message);
    }

    private static RecurrentLayer Make(RecurrentMode mode, bool bidirectional, bool batchFirst) =>
        RecurrentLayer.Create(mode, 5, 6, 2, batchFirst: batchFirst, bidirectional: bidirectional, rng: new Rng(3));
}
