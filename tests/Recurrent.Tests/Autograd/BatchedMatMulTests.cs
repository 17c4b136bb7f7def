using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>BatchedMatMul against hand values and a triple loop, with and without transposeB, and its shape errors.</summary>
public sealed class BatchedMatMulTests
{
    [Fact]
    public void Each_batch_entry_is_its_own_product()
    {
        var a = new Variable(Tensor.FromArray([1f, 2, 3, 4], 2, 1, 2));          // [[1, 2]], [[3, 4]]
        var b = new Variable(Tensor.FromArray([5f, 6, 7, 8], 2, 2, 1));          // [[5], [6]], [[7], [8]]
        var y = Ops.BatchedMatMul(a, b).Value;
        Assert.True(y.HasShape(2, 1, 1));
        Assert.Equal([17f, 53], y.Span.ToArray());                               // 1·5 + 2·6, 3·7 + 4·8
        var bt = new Variable(Tensor.FromArray([5f, 6, 7, 8], 2, 1, 2));         // the same b, stored transposed
        Assert.Equal([17f, 53], Ops.BatchedMatMul(a, bt, transposeB: true).Value.Span.ToArray());
    }

    // The general shape, and the matrix-vector shapes of attention (scores P = 1, context M = 1), which take their own path.
    [Theory]
    [InlineData(false, 5, 4)]
    [InlineData(true, 5, 4)]
    [InlineData(false, 5, 1)]
    [InlineData(false, 1, 4)]
    [InlineData(true, 1, 4)]
    [InlineData(true, 5, 1)]
    public void Odd_shapes_match_a_triple_loop(bool transposeB, int M, int P)
    {
        const int N = 3, K = 7;
        var rng = new Rng(8);
        var a = TestData.Gaussian(rng, N, M, K);
        var b = transposeB ? TestData.Gaussian(rng, N, P, K) : TestData.Gaussian(rng, N, K, P);
        var y = Ops.BatchedMatMul(new Variable(a), new Variable(b), transposeB).Value;
        Assert.True(y.HasShape(N, M, P));
        var expected = new double[N * M * P];
        for (int n = 0; n < N; n++)
            for (int i = 0; i < M; i++)
                for (int j = 0; j < P; j++)
                {
                    double s = 0;
                    for (int k = 0; k < K; k++)
                        s += (double)a.Span[(n * M + i) * K + k] * (transposeB ? b.Span[(n * P + j) * K + k] : b.Span[(n * K + k) * P + j]);
                    expected[(n * M + i) * P + j] = s;
                }
        TestData.AssertClose("y", y.Span, expected, 1e-5, 1e-5);
    }

    [Fact]
    public void Mismatched_shapes_name_what_was_expected()
    {
        var a = new Variable(Tensor.Zeros(2, 1, 2));
        Assert.Equal("BatchedMatMul: expected a of shape (N, M, K), got (2, 3).",
            Assert.Throws<ArgumentException>(() => Ops.BatchedMatMul(new Variable(Tensor.Zeros(2, 3)), a)).Message);
        Assert.Equal("BatchedMatMul: expected b of shape (2, 2, P) for a (2, 1, 2), got (2, 3, 1).",
            Assert.Throws<ArgumentException>(() => Ops.BatchedMatMul(a, new Variable(Tensor.Zeros(2, 3, 1)))).Message);
        Assert.Equal("BatchedMatMul: expected b of shape (2, 2, P) for a (2, 1, 2), got (3, 2, 1).",
            Assert.Throws<ArgumentException>(() => Ops.BatchedMatMul(a, new Variable(Tensor.Zeros(3, 2, 1)))).Message);
        Assert.Equal("BatchedMatMul: expected b of shape (2, P, 2) for a (2, 1, 2) (transposeB), got (2, 2, 1).",
            Assert.Throws<ArgumentException>(() => Ops.BatchedMatMul(a, new Variable(Tensor.Zeros(2, 2, 1)), transposeB: true)).Message);
        Assert.Equal("BatchedMatMul: expected b of shape (2, 2, P) for a (2, 1, 2), got (4, 1).",
            Assert.Throws<ArgumentException>(() => Ops.BatchedMatMul(a, new Variable(Tensor.Zeros(4, 1)))).Message);
    }
}
