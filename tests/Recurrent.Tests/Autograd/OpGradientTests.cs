using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>Every differentiable piece against finite differences.</summary>
public sealed class OpGradientTests
{
    private static Tensor G(params int[] shape) => TestData.Gaussian(new Rng((ulong)shape.Sum() * 31 + (ulong)shape.Length), shape);

    [Fact] public void Add() => GradCheck.Check(v => Ops.Add(v[0], v[1]), G(3, 4), G(3, 4));
    [Fact] public void Multiply() => GradCheck.Check(v => Ops.Multiply(v[0], v[1]), G(3, 4), G(3, 4));
    [Fact] public void Scale() => GradCheck.Check(v => Ops.Scale(v[0], -1.7f), G(5));
    [Fact] public void Tanh() => GradCheck.Check(v => Ops.Tanh(v[0]), G(2, 7));
    [Fact] public void Sigmoid() => GradCheck.Check(v => Ops.Sigmoid(v[0]), G(2, 7));
    [Fact] public void Relu() => GradCheck.Check(v => Ops.Relu(v[0]), G(4, 5));
    [Fact] public void MatMul() => GradCheck.Check(v => Ops.MatMul(v[0], v[1]), G(3, 5), G(5, 4));
    [Fact] public void Linear_with_bias() => GradCheck.Check(v => Ops.Linear(v[0], v[1], v[2]), G(2, 3, 5), G(4, 5), G(4));
    [Fact] public void Linear_without_bias() => GradCheck.Check(v => Ops.Linear(v[0], v[1], null), G(6, 5), G(4, 5));
    [Fact] public void Softmax() => GradCheck.Check(v => Ops.Softmax(v[0]), G(3, 6));
    [Fact] public void ConcatLast() => GradCheck.Check(v => Ops.ConcatLast(v[0], v[1]), G(2, 3, 2), G(2, 3, 4));
    [Fact] public void Concat_first_dimension_joins_steps() => GradCheck.Check(v => Ops.Concat(0, v[0], v[1], v[2]), G(1, 3, 2), G(3, 3, 2), G(2, 3, 2));
    [Fact] public void Concat_middle_dimension() => GradCheck.Check(v => Ops.Concat(1, v[0], v[1]), G(2, 1, 3), G(2, 4, 3));

    [Fact]
    public void Concat_equals_torch_cat_on_a_hand_case()
    {
        var a = new Variable(Tensor.FromArray([1, 2, 3, 4], 2, 1, 2));
        var b = new Variable(Tensor.FromArray([5, 6, 7, 8, 9, 10, 11, 12], 2, 2, 2));
        Assert.Equal([2, 3, 2], Ops.Concat(1, a, b).Value.Shape.ToArray());
        Assert.Equal([1f, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12], Ops.Concat(1, a, b).Value.Span.ToArray());
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Ops.Concat(-3, a, Ops.Reshape(b, 4, 1, 2)).Value.Span.ToArray());
        Assert.Throws<ArgumentException>(() => Ops.Concat(0, a, b));
        Assert.Throws<ArgumentException>(() => Ops.Concat(3, a, a));
    }
    [Fact] public void Reshape_and_mean() => GradCheck.Check(v => Ops.Mean(Ops.Reshape(v[0], 12)), G(3, 4));
    [Fact] public void LayerNorm() => GradCheck.Check(v => Ops.LayerNorm(v[0], v[1], v[2]), G(3, 6), G(6), G(6));
    [Fact] public void Narrow_inner_dimension() => GradCheck.Check(v => Ops.Narrow(v[0], 1, 1, 2), G(2, 4, 3));
    [Fact] public void Narrow_negative_dimension_and_start() => GradCheck.Check(v => Ops.Narrow(v[0], -1, -3, 2), G(3, 4));
    [Fact] public void Select_middle_dimension() => GradCheck.Check(v => Ops.Select(v[0], 1, 2), G(2, 3, 4));
    [Fact] public void Select_last_dimension_negative_index() => GradCheck.Check(v => Ops.Select(v[0], -1, -1), G(3, 2, 3));
    [Fact] public void Transpose_outer_dimensions() => GradCheck.Check(v => Ops.Transpose(v[0], 0, 2), G(2, 3, 4));
    [Fact] public void Transpose_rank_4_with_a_dimension_between() => GradCheck.Check(v => Ops.Transpose(v[0], -1, 1), G(2, 3, 2, 4));
    [Fact] public void MeanOverTime_with_lengths() => GradCheck.Check(v => Ops.MeanOverTime(v[0], [3, 1, 2]), G(3, 3, 4));
    [Fact] public void MeanOverTime_all_steps() => GradCheck.Check(v => Ops.MeanOverTime(v[0], null), G(4, 2, 3));
    [Fact] public void MaxOverTime_with_lengths() => GradCheck.Check(v => Ops.MaxOverTime(v[0], [3, 1, 2]), G(3, 3, 4));
    [Fact] public void MaxOverTime_all_steps() => GradCheck.Check(v => Ops.MaxOverTime(v[0], null), G(4, 2, 3));
    [Fact] public void BatchedMatMul() => GradCheck.Check(v => Ops.BatchedMatMul(v[0], v[1]), G(2, 3, 4), G(2, 4, 5));
    [Fact] public void BatchedMatMul_matrix_times_vector() => GradCheck.Check(v => Ops.BatchedMatMul(v[0], v[1]), G(2, 3, 4), G(2, 4, 1));
    [Fact] public void BatchedMatMul_vector_times_matrix() => GradCheck.Check(v => Ops.BatchedMatMul(v[0], v[1]), G(2, 1, 4), G(2, 4, 5));
    [Fact] public void BatchedMatMul_vector_times_transposed_matrix() => GradCheck.Check(v => Ops.BatchedMatMul(v[0], v[1], transposeB: true), G(2, 1, 4), G(2, 5, 4));
    [Fact] public void BatchedMatMul_transposed_b() => GradCheck.Check(v => Ops.BatchedMatMul(v[0], v[1], transposeB: true), G(3, 2, 4), G(3, 5, 4));
    [Fact] public void MaskedSoftmax() => GradCheck.Check(v => Ops.MaskedSoftmax(v[0], [4, 1, 2]), G(3, 4));
    [Fact] public void LogSoftmax() => GradCheck.Check(v => Ops.LogSoftmax(v[0]), G(2, 3, 5));
    [Fact] public void Add_broadcasts_a_trailing_suffix() => GradCheck.Check(v => Ops.Add(v[0], v[1]), G(3, 2, 4), G(4));
    [Fact] public void Add_broadcasts_size_1_dimensions_of_both() => GradCheck.Check(v => Ops.Add(v[0], v[1]), G(2, 1, 4), G(2, 3, 1));
    [Fact] public void Add_broadcasts_the_first_operand() => GradCheck.Check(v => Ops.Add(v[0], v[1]), G(1, 4), G(3, 2, 4));
    [Fact] public void Embedding_scatters_into_repeated_rows() => GradCheck.Check(v => Ops.Embedding(v[0], [2, 0, 2, 3, 2, 1], 2, 3), G(5, 4));

    [Fact]
    public void Inputs_that_do_not_require_grad_get_no_gradient_buffer()
    {
        var x = new Variable(G(2, 3, 4), requiresGrad: true);
        // broadcast add, same-shape add, batched matmul, a cell's hidden and cell state
        Variable[] constants = [new(G(4)), new(G(2, 3, 4)), new(G(2, 5, 4)), new(G(3, 3)), new(G(3, 3))];
        var step = RecurrentCell.Create(RecurrentMode.Lstm, 4, 3, rng: new Rng(1)).Forward(Ops.Select(x, 0, 0), constants[3], constants[4]);
        Ops.Sum(Ops.ConcatLast(
            Ops.Reshape(Ops.Add(x, constants[0]), 24), Ops.Reshape(Ops.Add(constants[1], x), 24),
            Ops.Reshape(Ops.BatchedMatMul(x, constants[2], transposeB: true), 30), Ops.Reshape(step.Hidden, 9))).Backward();
        Assert.NotNull(x.Grad);
        Assert.All(constants, c => Assert.Null(c.Grad));
    }

    [Fact]
    public void Dropout_under_a_fixed_mask()
    {
        var rng = new Rng(1);
        GradCheck.Check(v => { rng.Reseed(5); return Ops.Dropout(v[0], 0.3f, rng, training: true); }, G(40));
        var x = new Variable(G(10));
        Assert.Same(x, Ops.Dropout(x, 0.5f, rng, training: false));
    }

    [Fact]
    public void Cross_entropy_skips_ignored_targets()
    {
        int[] targets = [1, Loss.IgnoreIndex, 4, 0];
        GradCheck.Check(v => Loss.CrossEntropy(v[0], targets), G(4, 5));
        GradCheck.Check(v => Loss.CrossEntropy(v[0], targets, labelSmoothing: 0.1f), G(4, 5));
        // By hand: one row, logits (0, ln 3): p = (1/4, 3/4), loss for target 1 = −ln(3/4).
        var single = Loss.CrossEntropy(new Variable(Tensor.FromArray([0f, MathF.Log(3)], 1, 2)), [1]);
        Assert.Equal(-Math.Log(0.75), single.Value.Span[0], 6);
        // Label smoothing ε = 0.2 (PyTorch's): q = (0.1, 0.9), loss = −0.1·ln(1/4) − 0.9·ln(3/4).
        var smoothed = Loss.CrossEntropy(new Variable(Tensor.FromArray([0f, MathF.Log(3)], 1, 2)), [1], labelSmoothing: 0.2f);
        Assert.Equal(-0.1 * Math.Log(0.25) - 0.9 * Math.Log(0.75), smoothed.Value.Span[0], 6);
        var ignored = Loss.CrossEntropy(new Variable(Tensor.FromArray([0f, 1f, 2f, 3f], 2, 2)), [Loss.IgnoreIndex, 1]);
        Assert.Equal(Loss.CrossEntropy(new Variable(Tensor.FromArray([2f, 3f], 1, 2)), [1]).Value.Span[0], ignored.Value.Span[0], 6);
    }

    [Fact]
    public void Cross_entropy_with_class_weights_is_the_weighted_mean()
    {
        int[] targets = [1, 0, 2, Loss.IgnoreIndex];
        float[] weights = [0.5f, 2f, 1f];
        GradCheck.Check(v => Loss.CrossEntropy(v[0], targets, weights: weights), G(4, 3));
        // PyTorch's weighted mean: Σ w[t_n]·l_n / Σ w[t_n], ignored rows in neither sum.
        var logits = G(4, 3);
        var rows = Enumerable.Range(0, 3).Select(n => Loss.CrossEntropy(new Variable(Tensor.FromArray(logits.Span.Slice(n * 3, 3).ToArray(), 1, 3)), [targets[n]]).Value.Span[0]).ToArray();
        double expected = (2 * rows[0] + 0.5 * rows[1] + 1 * rows[2]) / 3.5;
        Assert.Equal(expected, Loss.CrossEntropy(new Variable(logits), targets, weights: weights).Value.Span[0], 5);
        Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(new Variable(logits), targets, weights: [1f, 2f]));
    }

    [Fact]
    public void Mean_squared_error()
    {
        var target = G(3, 2);
        GradCheck.Check(v => Loss.MeanSquaredError(v[0], target), G(3, 2).Reshape(3, 2));
        Assert.Equal(2.5f, Loss.MeanSquaredError(new Variable(Tensor.FromArray([1f, 2f], 2)), Tensor.FromArray([2f, 4f], 2)).Value.Span[0]);
    }

    [Fact]
    public void Binary_cross_entropy_with_logits_is_stable_and_correct()
    {
        var target = Tensor.FromArray([0f, 1f, 1f, 0f, 0.3f, 1f], 6);
        GradCheck.Check(v => Loss.BinaryCrossEntropyWithLogits(v[0], target), G(6));
        var extreme = Loss.BinaryCrossEntropyWithLogits(new Variable(Tensor.FromArray([200f, -200f], 2)), Tensor.FromArray([1f, 0f], 2));
        Assert.Equal(0f, extreme.Value.Span[0], 6);
        // By hand: x = 0, y = 1 → log 2.
        Assert.Equal(Math.Log(2), Loss.BinaryCrossEntropyWithLogits(new Variable(Tensor.Zeros(1)), Tensor.FromArray([1f], 1)).Value.Span[0], 6);
    }

    [Theory]
    [InlineData(RecurrentMode.Lstm)]
    [InlineData(RecurrentMode.Gru)]
    public void Recurrent_layer_as_a_graph_node_passes_gradients_to_input_and_initial_states(RecurrentMode mode)
    {
        RecurrentLayer layer = mode == RecurrentMode.Lstm ? new Lstm(3, 4, 2, bidirectional: true, rng: new Rng(3)) : new Gru(3, 4, 2, rng: new Rng(3));
        int states = layer.NumLayers * layer.NumDirections;
        if (mode == RecurrentMode.Lstm)
            GradCheck.Check(v =>
            {
                var r = layer.Forward(v[0], v[1], v[2], [3, 2]);
                return Ops.ConcatLast(Ops.Reshape(r.Output, 3 * 2 * 8), Ops.Reshape(r.HiddenState, states * 2 * 4), Ops.Reshape(r.CellState!, states * 2 * 4));
            }, G(3, 2, 3), G(states, 2, 4), G(states, 2, 4));
        else
            GradCheck.Check(v =>
            {
                var r = layer.Forward(v[0], v[1]);
                return Ops.ConcatLast(Ops.Reshape(r.Output, 3 * 2 * 4), Ops.Reshape(r.HiddenState, states * 2 * 4));
            }, G(3, 2, 3), G(states, 2, 4));
    }

    [Fact]
    public void Only_h_n_used_still_backpropagates_through_the_layer()
    {
        var gru = new Gru(2, 3, rng: new Rng(4));
        var x = new Variable(G(4, 1, 2), requiresGrad: true);
        var loss = Ops.Sum(gru.Forward(x).HiddenState);
        loss.Backward();
        Assert.NotNull(x.Grad);
        Assert.Contains(x.Grad!.Span.ToArray(), g => g != 0);
        Assert.Contains(gru.Parameters[1].Grad.Span.ToArray(), g => g != 0);
    }

    [Fact]
    public void A_layer_run_twice_in_one_graph_is_an_error_not_a_wrong_gradient()
    {
        var lstm = new Lstm(2, 3);
        var x = new Variable(G(4, 1, 2), requiresGrad: true);
        var a = lstm.Forward(x).Output;
        var b = lstm.Forward(x).Output;
        var e = Assert.Throws<InvalidOperationException>(() => Ops.Sum(Ops.Add(a, b)).Backward());
        Assert.Contains("ran forward again", e.Message);
    }
}
