using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>MeanOverTime and MaxOverTime on a hand-computed (T, B, F) = (3, 2, 2) case; padding never counts.</summary>
public sealed class PoolingOverTimeTests
{
    // Sequence 0 has 3 steps; sequence 1 has 2, then padding (99) that must be ignored.
    private static Tensor X() => Tensor.FromArray(
    [
        1, 2,    10, 20,    // t = 0: b = 0, b = 1
        3, -4,   30, 5,     // t = 1
        5, 0,    99, 99,    // t = 2
    ], 3, 2, 2);

    [Fact]
    public void Mean_averages_each_sequence_over_its_own_steps()
    {
        var y = Ops.MeanOverTime(new Variable(X()), [3, 2]).Value;
        Assert.True(y.HasShape(2, 2));
        TestData.AssertClose("mean", y.Span, [3, -2.0 / 3, 20, 12.5], 1e-6, 1e-6);
        var all = Ops.MeanOverTime(new Variable(X()), null).Value;
        TestData.AssertClose("mean of all steps", all.Span, [3, -2.0 / 3, 139.0 / 3, 124.0 / 3], 1e-5, 1e-6);
    }

    [Fact]
    public void Mean_gradient_is_one_over_length_on_valid_steps_and_zero_on_padding()
    {
        var x = new Variable(X(), requiresGrad: true);
        Ops.Sum(Ops.MeanOverTime(x, [3, 2])).Backward();
        float third = 1f / 3;
        Assert.Equal([third, third, 0.5f, 0.5f, third, third, 0.5f, 0.5f, third, third, 0, 0], x.Grad!.Span.ToArray());
    }

    [Fact]
    public void Max_takes_valid_steps_only_and_its_gradient_goes_to_the_arg_max()
    {
        var x = new Variable(X(), requiresGrad: true);
        var y = Ops.MaxOverTime(x, [3, 2]);
        Assert.Equal([5f, 2, 30, 20], y.Value.Span.ToArray());
        Ops.Sum(y).Backward();
        // b0 f0 ← t2, b0 f1 ← t0, b1 f0 ← t1, b1 f1 ← t0; padding gets nothing.
        Assert.Equal([0f, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0], x.Grad!.Span.ToArray());
        Assert.Equal([5f, 2, 99, 99], Ops.MaxOverTime(new Variable(X()), null).Value.Span.ToArray());
    }

    [Fact]
    public void Max_ties_send_the_gradient_to_the_first_step()
    {
        var x = new Variable(Tensor.FromArray([1f, 7, 7, 7], 4, 1, 1), requiresGrad: true);
        Ops.Sum(Ops.MaxOverTime(x, null)).Backward();
        Assert.Equal([0f, 1, 0, 0], x.Grad!.Span.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bad_lengths_and_shapes_are_named(bool mean)
    {
        Func<Variable, IReadOnlyList<int>?, Variable> pool = mean ? Ops.MeanOverTime : Ops.MaxOverTime;
        string op = mean ? "MeanOverTime" : "MaxOverTime";
        var x = new Variable(X());
        Assert.Equal($"{op}: expected 2 lengths, one per sequence, got 1.", Assert.Throws<ArgumentException>(() => pool(x, [3])).Message);
        Assert.Equal($"{op}: lengths[1] = 0 is outside [1, 3].", Assert.Throws<ArgumentException>(() => pool(x, [3, 0])).Message);
        Assert.Equal($"{op}: lengths[0] = 4 is outside [1, 3].", Assert.Throws<ArgumentException>(() => pool(x, [4, 1])).Message);
        Assert.Equal($"{op}: expected time-major input (T, B, F) with at least one step, got shape (3, 4).",
            Assert.Throws<ArgumentException>(() => pool(new Variable(Tensor.Zeros(3, 4)), null)).Message);
        Assert.Equal($"{op}: expected time-major input (T, B, F) with at least one step, got shape (0, 2, 3).",
            Assert.Throws<ArgumentException>(() => pool(new Variable(Tensor.Zeros(0, 2, 3)), null)).Message);
    }
}
