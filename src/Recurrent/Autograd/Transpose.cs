using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// x with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped, as <c>torch.transpose</c> but a
    /// materialised (contiguous) copy; any rank, negative dims count from the end. With d0 &lt; d1, x viewed as
    /// (A, P, M, Q, C) becomes y (A, Q, M, P, C): y[a, q, m, p, c] = x[a, p, m, q, c]  ⇒  dx[a, p, m, q, c] += dy[a, q, m, p, c].
    /// Swapping a dimension with itself returns x.
    /// </summary>
    public static Variable Transpose(Variable x, int dim0, int dim1)
    {
        int d0 = NormalizeDim(x.Value, dim0, nameof(Transpose)), d1 = NormalizeDim(x.Value, dim1, nameof(Transpose));
        if (d0 == d1) return x;
        if (d0 > d1) (d0, d1) = (d1, d0);
        var shape = x.Value.Shape.ToArray();
        var (A, P, _) = AroundDim(shape, d0);
        var (_, Q, C) = AroundDim(shape, d1);
        int M = 1;
        for (int d = d0 + 1; d < d1; d++) M *= shape[d];
        (shape[d0], shape[d1]) = (shape[d1], shape[d0]);
        var y = Tensor.Zeros(shape);
        SwapBlocks(x.Value.Span, y.Span, A, P, M, Q, C, accumulate: false);
        // forward: y[a, q, m, p, c] = x[a, p, m, q, c]  ⇒  dx = the same swap of dy (P and Q trade places), accumulated
        return Variable.Result(y, [x], r => SwapBlocks(r.Grad!.Span, x.GradBuffer.Span, A, Q, M, P, C, accumulate: true));
    }

    // source (A, P, M, Q, C) → destination (A, Q, M, P, C), copying or adding runs of C contiguous floats.
    private static void SwapBlocks(ReadOnlySpan<float> source, Span<float> destination, int A, int P, int M, int Q, int C, bool accumulate)
    {
        for (int a = 0; a < A; a++)
            for (int p = 0; p < P; p++)
                for (int m = 0; m < M; m++)
                    for (int q = 0; q < Q; q++)
                    {
                        var from = source.Slice((((a * P + p) * M + m) * Q + q) * C, C);
                        var to = destination.Slice((((a * Q + q) * M + m) * P + p) * C, C);
                        if (accumulate) TensorPrimitives.Add(to, from, to);
                        else from.CopyTo(to);
                    }
    }
}
