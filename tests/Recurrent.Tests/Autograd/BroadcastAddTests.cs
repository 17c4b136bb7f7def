using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>Add with PyTorch broadcasting: values, gradients summed over the broadcast dimensions, and the error.</summary>
public sealed class BroadcastAddTests
{
    [Fact]
    public void A_trailing_suffix_is_added_to_every_row_and_its_gradient_sums_them()
    {
        var x = new Variable(TestData.Arange(2, 2, 3), requiresGrad: true);            // (T, B, H)
        var bias = new Variable(Tensor.FromArray([100f, 200, 300], 3), requiresGrad: true);
        var y = Ops.Add(x, bias);
        Assert.True(y.Value.HasShape(2, 2, 3));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i + 100f * (i % 3 + 1)), y.Value.Span.ToArray());

        var r = TestData.Gaussian(new Rng(6), 2, 2, 3);
        Ops.Sum(Ops.Multiply(y, new Variable(r))).Backward();
        Assert.Equal(r.Span.ToArray(), x.Grad!.Span.ToArray());
        var expected = new double[3];
        for (int i = 0; i < 12; i++) expected[i % 3] += r.Span[i];
        TestData.AssertClose("dbias", bias.Grad!.Span, expected, 1e-6, 1e-6);
    }

    [Fact]
    public void Size_1_dimensions_of_both_operands_stretch()
    {
        var a = new Variable(Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 1, 3), requiresGrad: true);   // (B, 1, H)
        var b = new Variable(Tensor.FromArray([10f, 20, 30, 40], 2, 2, 1), requiresGrad: true);     // (B, T, 1)
        var y = Ops.Add(a, b);
        Assert.True(y.Value.HasShape(2, 2, 3));
        Assert.Equal([11f, 12, 13, 21, 22, 23, 34, 35, 36, 44, 45, 46], y.Value.Span.ToArray());
        Ops.Sum(y).Backward();
        Assert.Equal([2f, 2, 2, 2, 2, 2], a.Grad!.Span.ToArray());   // each a element is used by T = 2 results
        Assert.Equal([3f, 3, 3, 3], b.Grad!.Span.ToArray());         // each b element by H = 3 results
    }

    [Fact]
    public void The_first_operand_may_be_the_one_broadcast()
    {
        var row = new Variable(Tensor.FromArray([1f, 2], 2));
        var y = Ops.Add(row, new Variable(TestData.Arange(3, 2)));
        Assert.True(y.Value.HasShape(3, 2));
        Assert.Equal([1f, 3, 3, 5, 5, 7], y.Value.Span.ToArray());
    }

    [Fact]
    public void Incompatible_shapes_name_the_clashing_dimension()
    {
        Assert.Equal("Add: cannot broadcast (2, 3) with (4): sizes 3 and 4 at dimension 1 of the result differ and neither is 1.",
            Assert.Throws<ArgumentException>(() => Ops.Add(new Variable(Tensor.Zeros(2, 3)), new Variable(Tensor.Zeros(4)))).Message);
        Assert.Equal("Add: cannot broadcast (2, 3, 4) with (3, 1, 4): sizes 2 and 3 at dimension 0 of the result differ and neither is 1.",
            Assert.Throws<ArgumentException>(() => Ops.Add(new Variable(Tensor.Zeros(2, 3, 4)), new Variable(Tensor.Zeros(3, 1, 4)))).Message);
    }
}
