using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>Narrow, Select and Transpose: values on arange inputs (each element names its position), and shape errors.</summary>
public sealed class SliceAndTransposeTests
{
    private static Variable X => new(TestData.Arange(2, 3, 4));   // x[i, j, k] = 12i + 4j + k

    [Fact]
    public void Narrow_keeps_the_dimension_with_the_chosen_entries()
    {
        var y = Ops.Narrow(X, 1, 1, 2).Value;
        Assert.True(y.HasShape(2, 2, 4));
        Assert.Equal([4f, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23], y.Span.ToArray());
        var last = Ops.Narrow(X, -1, -3, 2).Value;   // dim 2, start 1
        Assert.True(last.HasShape(2, 3, 2));
        Assert.Equal(Enumerable.Range(0, 6).SelectMany(r => new[] { 4f * r + 1, 4f * r + 2 }), last.Span.ToArray());
        Assert.True(Ops.Narrow(X, 0, 2, 0).Value.HasShape(0, 3, 4));
    }

    [Fact]
    public void Select_drops_the_dimension()
    {
        var y = Ops.Select(X, 1, -1).Value;   // j = 2
        Assert.True(y.HasShape(2, 4));
        Assert.Equal([8f, 9, 10, 11, 20, 21, 22, 23], y.Span.ToArray());
        var column = Ops.Select(X, 2, 0).Value;
        Assert.True(column.HasShape(2, 3));
        Assert.Equal([0f, 4, 8, 12, 16, 20], column.Span.ToArray());
    }

    [Fact]
    public void Narrow_and_select_gradients_land_in_their_slice_only()
    {
        var x = new Variable(TestData.Arange(2, 3, 4), requiresGrad: true);
        Ops.Add(Ops.Sum(Ops.Narrow(x, 1, 1, 2)), Ops.Sum(Ops.Select(x, 2, 3))).Backward();
        var expected = new float[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) expected[12 * i + 4 * j + k] = (j >= 1 ? 1 : 0) + (k == 3 ? 1 : 0);
        Assert.Equal(expected, x.Grad!.Span.ToArray());
    }

    [Fact]
    public void Transpose_swaps_any_two_dimensions()
    {
        var matrix = Ops.Transpose(new Variable(TestData.Arange(2, 3)), 0, 1).Value;
        Assert.True(matrix.HasShape(3, 2));
        Assert.Equal([0f, 3, 1, 4, 2, 5], matrix.Span.ToArray());

        var y = Ops.Transpose(X, 2, 0).Value;
        Assert.True(y.HasShape(4, 3, 2));
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 2; i++) Assert.Equal(12 * i + 4 * j + k, y.Span[(k * 3 + j) * 2 + i]);

        var x = X;
        Assert.Same(x, Ops.Transpose(x, 1, -2));
    }

    [Fact]
    public void Bad_dimensions_and_ranges_name_the_shape()
    {
        Assert.Equal("Narrow: dimension 3 is out of range for shape (2, 3, 4) (expected -3 to 2).",
            Assert.Throws<ArgumentException>(() => Ops.Narrow(X, 3, 0, 1)).Message);
        Assert.Equal("Narrow: start 2 and length 2 do not fit in dimension 1 of size 3 in shape (2, 3, 4).",
            Assert.Throws<ArgumentException>(() => Ops.Narrow(X, 1, 2, 2)).Message);
        Assert.Equal("Narrow: start -4 and length 1 do not fit in dimension 1 of size 3 in shape (2, 3, 4).",
            Assert.Throws<ArgumentException>(() => Ops.Narrow(X, 1, -4, 1)).Message);
        Assert.Equal("Select: index 2 is out of range for dimension 0 of size 2 in shape (2, 3, 4).",
            Assert.Throws<ArgumentException>(() => Ops.Select(X, 0, 2)).Message);
        Assert.Equal("Select: dimension -4 is out of range for shape (2, 3, 4) (expected -3 to 2).",
            Assert.Throws<ArgumentException>(() => Ops.Select(X, -4, 0)).Message);
        Assert.Equal("Transpose: dimension 3 is out of range for shape (2, 3, 4) (expected -3 to 2).",
            Assert.Throws<ArgumentException>(() => Ops.Transpose(X, 0, 3)).Message);
    }
}
