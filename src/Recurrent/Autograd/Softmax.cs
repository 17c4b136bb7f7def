using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>Softmax over the last dimension: y = exp(x − max)/Σ  ⇒  dx = y ⊙ (dy − Σ dy ⊙ y).</summary>
    public static Variable Softmax(Variable x)
    {
        int f = x.Value.Size(-1), rows = x.Value.Length / f;
        var y = Like(x);
        for (int r = 0; r < rows; r++) StableSoftmax.Row(x.Value.Span.Slice(r * f, f), y.Span.Slice(r * f, f));
        return Variable.Result(y, [x], res =>
        {
            var dy = res.Grad!.Span; var dx = x.GradBuffer.Span; var ys = y.Span;
            for (int r = 0; r < rows; r++)
            {
                float dot = TensorPrimitives.Dot(dy.Slice(r * f, f), ys.Slice(r * f, f));
                for (int j = 0; j < f; j++) dx[r * f + j] += ys[r * f + j] * (dy[r * f + j] - dot);
            }
        });
    }
}
