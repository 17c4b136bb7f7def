using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>Bad input throws, and the message names what was expected and what was given.</summary>
public sealed class BadInputTests
{
    private readonly Lstm _lstm = new(inputSize: 10, hiddenSize: 20, numLayers: 2);

    [Fact]
    public void Wrong_rank() =>
        AssertMessage(() => _lstm.Forward(Tensor.Zeros(5, 10)), "rank 3", "got rank 2 with shape (5, 10)");

    [Fact]
    public void Wrong_feature_size() =>
        AssertMessage(() => _lstm.Forward(Tensor.Zeros(5, 3, 7)), "Expected input with 10 features", "got 7 in shape (5, 3, 7)");

    [Fact]
    public void Wrong_initial_state_shape() =>
        AssertMessage(() => _lstm.Forward(Tensor.Zeros(5, 3, 10), Tensor.Zeros(2, 4, 20), Tensor.Zeros(2, 3, 20)),
            "Expected hidden state of shape (2, 3, 20), got (2, 4, 20)");

    [Fact]
    public void Wrong_cell_state_shape() =>
        AssertMessage(() => _lstm.Forward(Tensor.Zeros(5, 3, 10), Tensor.Zeros(2, 3, 20), Tensor.Zeros(1, 3, 20)),
            "Expected cell state of shape (2, 3, 20), got (1, 3, 20)");

    [Fact]
    public void Cell_state_given_to_a_GRU() =>
        AssertMessage(() => new Gru(2, 3).Forward(Tensor.Zeros(4, 1, 2), null, Tensor.Zeros(1, 1, 3)), "only for LSTM");

    [Theory]
    [InlineData(new[] { 5, 0, 3 }, "Length 0 of sequence 1 is out of range", "[1, 5]")]
    [InlineData(new[] { 5, 6, 3 }, "Length 6 of sequence 1 is out of range", "[1, 5]")]
    [InlineData(new[] { 5, 3 }, "Expected 3 lengths", "got 2")]
    public void Lengths_out_of_range(int[] lengths, string expected, string actual) =>
        AssertMessage(() => _lstm.Forward(Tensor.Zeros(5, 3, 10), lengths: lengths), expected, actual);

    [Fact]
    public void Wrong_output_gradient_shape()
    {
        _lstm.Forward(Tensor.Zeros(5, 3, 10));
        AssertMessage(() => _lstm.Backward(Tensor.Zeros(5, 3, 21)), "Expected output gradient of shape (5, 3, 20), got (5, 3, 21)");
    }

    [Fact]
    public void Wrong_cell_input_shape() =>
        AssertMessage(() => new LstmCell(4, 6).Forward(Tensor.Zeros(2, 5)), "Expected cell input of shape (B, 4), got (2, 5)");

    [Fact]
    public void Nonsense_sizes_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rnn(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(3, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, numLayers: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, dropout: 1.5f));
    }

    private static void AssertMessage(Action action, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }
}
