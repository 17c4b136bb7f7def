using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// y = a + b with PyTorch's broadcasting: the shapes are aligned at their last dimensions, and each pair of sizes
    /// must be equal or one of them 1 (a missing leading dimension counts as 1); y takes the larger size in each. So
    /// (T, B, H) + (H) adds a bias to every step, (B, 1, H) + (B, T, 1) gives (B, T, H).
    /// ⇒  da += dy and db += dy, each summed over the dimensions it was broadcast along.
    /// Same shapes take a plain elementwise path.
    /// </summary>
    public static Variable Add(Variable a, Variable b)
    {
        if (a.Value.Shape.SequenceEqual(b.Value.Shape))
        {
            var sum = Like(a);
            TensorPrimitives.Add(a.Value.Span, b.Value.Span, sum.Span);
            return Variable.Result(sum, [a, b], r =>
            {
                if (a.RequiresGrad) TensorPrimitives.Add(a.GradBuffer.Span, r.Grad!.Span, a.GradBuffer.Span);
                if (b.RequiresGrad) TensorPrimitives.Add(b.GradBuffer.Span, r.Grad!.Span, b.GradBuffer.Span);
            });
        }

        var shape = BroadcastShape(a.Value, b.Value);
        var aStrides = BroadcastStrides(a.Value.Shape, shape);
        var bStrides = BroadcastStrides(b.Value.Shape, shape);
        var y = Tensor.Zeros(shape);
        // Rows of the last dimension: each input contributes a row (stride 1) or one repeated value (stride 0).
        int n = shape[^1], rows = n == 0 ? 0 : y.Length / n;
        var xa = a.Value.Span; var xb = b.Value.Span; var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            int oa = BroadcastOffset(r, shape, aStrides), ob = BroadcastOffset(r, shape, bStrides);
            var row = ys.Slice(r * n, n);
            bool aRow = aStrides[^1] != 0, bRow = bStrides[^1] != 0;
            if (aRow && bRow) TensorPrimitives.Add(xa.Slice(oa, n), xb.Slice(ob, n), row);
            else if (aRow) TensorPrimitives.Add(xa.Slice(oa, n), xb[ob], row);
            else if (bRow) TensorPrimitives.Add(xb.Slice(ob, n), xa[oa], row);
            else row.Fill(xa[oa] + xb[ob]);
        }
        return Variable.Result(y, [a, b], r =>
        {
            if (a.RequiresGrad) AddReduced(r.Grad!.Span, shape, aStrides, a.GradBuffer.Span);
            if (b.RequiresGrad) AddReduced(r.Grad!.Span, shape, bStrides, b.GradBuffer.Span);
        });
    }

    // forward: y[i] = x[offset(i)], x repeated along its broadcast dimensions  ⇒  dx[offset(i)] += dy[i] (a sum over them).
    private static void AddReduced(ReadOnlySpan<float> dy, int[] shape, int[] strides, Span<float> dx)
    {
        int n = shape[^1], rows = n == 0 ? 0 : dy.Length / n;
        for (int r = 0; r < rows; r++)
        {
            int offset = BroadcastOffset(r, shape, strides);
            var dRow = dy.Slice(r * n, n);
            if (strides[^1] != 0)
            {
                var target = dx.Slice(offset, n);
                TensorPrimitives.Add(target, dRow, target);
            }
            else dx[offset] += TensorPrimitives.Sum(dRow);
        }
    }

    // The broadcast result shape, or the one-line error naming the first dimension whose sizes clash.
    private static int[] BroadcastShape(Tensor a, Tensor b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int sa = d < rank - a.Rank ? 1 : a.Size(d - (rank - a.Rank));
            int sb = d < rank - b.Rank ? 1 : b.Size(d - (rank - b.Rank));
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException($"Add: cannot broadcast {a.ShapeString} with {b.ShapeString}: sizes {sa} and {sb} at dimension {d} of the result differ and neither is 1.");
            shape[d] = sa == 1 ? sb : sa;
        }
        return shape;
    }

    // Strides of an input over the result's dimensions: 0 where it is broadcast (missing or size 1 against a larger size).
    private static int[] BroadcastStrides(ReadOnlySpan<int> inputShape, int[] shape)
    {
        var strides = new int[shape.Length];
        int skip = shape.Length - inputShape.Length, stride = 1;
        for (int d = shape.Length - 1; d >= skip; d--)
        {
            int size = inputShape[d - skip];
            strides[d] = size == 1 && shape[d] != 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    // Where row r of the result (all dimensions but the last) starts in an input with the given strides.
    private static int BroadcastOffset(int row, int[] shape, int[] strides)
    {
        int offset = 0;
        for (int d = shape.Length - 2; d >= 0; d--)
        {
            offset += row % shape[d] * strides[d];
            row /= shape[d];
        }
        return offset;
    }
}
