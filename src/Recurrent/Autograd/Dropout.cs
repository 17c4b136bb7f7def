using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout: y = x ⊙ m with m = 1/(1−p) (kept, probability 1 − p) or 0  ⇒  dx += dy ⊙ m.
    /// Identity when not training or p = 0.
    /// </summary>
    public static Variable Dropout(Variable x, float p, Rng rng, bool training)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        if (!training || p == 0) return x;
        float scale = p >= 1 ? 0 : 1 / (1 - p);
        var mask = new float[x.Value.Length];
        var y = Like(x);
        var xs = x.Value.Span; var ys = y.Span;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.NextFloat() >= p ? scale : 0f;
            ys[i] = xs[i] * mask[i];
        }
        return Variable.Result(y, [x], r => TensorPrimitives.MultiplyAdd(r.Grad!.Span, mask, x.GradBuffer.Span, x.GradBuffer.Span));
    }
}
