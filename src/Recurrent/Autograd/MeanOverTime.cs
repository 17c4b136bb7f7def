using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Mean over each sequence's valid steps, for time-major x (T, B, F) → y (B, F); <paramref name="lengths"/> (B),
    /// each in [1, T], or null for all T steps (padding past a sequence's end is ignored):
    /// y[b, f] = (1/L_b) Σ_{t &lt; L_b} x[t, b, f]  ⇒  dx[t, b, f] += dy[b, f] / L_b for t &lt; L_b, nothing past L_b.
    /// </summary>
    public static Variable MeanOverTime(Variable x, IReadOnlyList<int>? lengths)
    {
        var (T, B, F) = CheckTimeMajor(x.Value, nameof(MeanOverTime));
        var steps = CheckLengths(lengths, B, T, nameof(MeanOverTime));
        var y = Tensor.Zeros(B, F);
        var xs = x.Value.Span; var ys = y.Span;
        for (int b = 0; b < B; b++)
        {
            var row = ys.Slice(b * F, F);
            for (int t = 0; t < steps[b]; t++) TensorPrimitives.Add(row, xs.Slice((t * B + b) * F, F), row);
            TensorPrimitives.Multiply(row, 1f / steps[b], row);
        }
        return Variable.Result(y, [x], r =>
        {
            var dy = r.Grad!.Span; var dx = x.GradBuffer.Span;
            for (int b = 0; b < B; b++)
            {
                var dRow = dy.Slice(b * F, F);
                float scale = 1f / steps[b];
                for (int t = 0; t < steps[b]; t++)
                {
                    var target = dx.Slice((t * B + b) * F, F);
                    TensorPrimitives.MultiplyAdd(dRow, scale, target, target);
                }
            }
        });
    }
}
