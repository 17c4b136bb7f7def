using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// The <paramref name="length"/> entries of dimension <paramref name="dim"/> from <paramref name="start"/> on, as
    /// <c>torch.narrow</c> (a copy here; negative <paramref name="dim"/> and <paramref name="start"/> count from the end).
    /// Viewing x as (outer, n, inner): y[o, i, j] = x[o, start + i, j] for i &lt; length  ⇒  dx[o, start + i, j] += dy[o, i, j].
    /// </summary>
    public static Variable Narrow(Variable x, int dim, int start, int length)
    {
        const string op = nameof(Narrow);
        int d = NormalizeDim(x.Value, dim, op);
        int n = x.Value.Size(d);
        int first = start < 0 ? start + n : start;
        if (length < 0 || first < 0 || first > n - length)
            throw new ArgumentException($"{op}: start {start} and length {length} do not fit in dimension {dim} of size {n} in shape {x.Value.ShapeString}.");
        var shape = x.Value.Shape.ToArray();
        shape[d] = length;
        return Slice(x, d, first, length, shape);
    }

    /// <summary>
    /// y = x[o, start .. start + length, j] for x viewed as (outer, n, inner) around <paramref name="dim"/>, shaped
    /// <paramref name="shape"/> (<see cref="Narrow"/> keeps the dimension, <see cref="Select"/> drops it).
    /// </summary>
    private static Variable Slice(Variable x, int dim, int start, int length, int[] shape)
    {
        var (outer, n, inner) = AroundDim(x.Value.Shape, dim);
        int block = length * inner;
        var y = Tensor.Zeros(shape);
        var xs = x.Value.Span; var ys = y.Span;
        for (int o = 0; o < outer; o++) xs.Slice((o * n + start) * inner, block).CopyTo(ys.Slice(o * block, block));
        return Variable.Result(y, [x], r =>
        {
            // forward: y[o, i, j] = x[o, start + i, j]  ⇒  dx[o, start + i, j] += dy[o, i, j]
            var dy = r.Grad!.Span; var dx = x.GradBuffer.Span;
            for (int o = 0; o < outer; o++)
            {
                var target = dx.Slice((o * n + start) * inner, block);
                TensorPrimitives.Add(target, dy.Slice(o * block, block), target);
            }
        });
    }
}
