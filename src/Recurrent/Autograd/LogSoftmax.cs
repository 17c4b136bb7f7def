namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Log-softmax over the last dimension, stable for any magnitude: y = x − max − log Σ exp(x − max)
    /// ⇒  dx = dy − softmax(x)·Σ dy, with softmax(x) = exp(y).
    /// </summary>
    public static Variable LogSoftmax(Variable x)
    {
        if (x.Value.Rank == 0 || x.Value.Size(-1) == 0)
            throw new ArgumentException($"LogSoftmax: expected a non-empty last dimension, got shape {x.Value.ShapeString}.");
        int f = x.Value.Size(-1), rows = x.Value.Length / f;
        var y = Like(x);
        var exp = new float[f];         // one row of exp(x − max), then of exp(y) in backward
        var xs = x.Value.Span; var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var row = ys.Slice(r * f, f);
            var input = xs.Slice(r * f, f);
            TensorPrimitives.Subtract(input, TensorPrimitives.Max(input), row);
            TensorPrimitives.Exp(row, exp);
            TensorPrimitives.Subtract(row, MathF.Log(TensorPrimitives.Sum(exp)), row);
        }
        return Variable.Result(y, [x], res =>
        {
            var dy = res.Grad!.Span; var dx = x.GradBuffer.Span;
            for (int r = 0; r < rows; r++)
            {
                var dRow = dy.Slice(r * f, f);
                var target = dx.Slice(r * f, f);
                // forward: y = x − logsumexp(x)  ⇒  dx += dy − exp(y)·Σ dy
                TensorPrimitives.Exp(y.Span.Slice(r * f, f), exp);
                TensorPrimitives.MultiplyAdd(exp, -TensorPrimitives.Sum(dRow), dRow, exp);
                TensorPrimitives.Add(target, exp, target);
            }
        });
    }
}
