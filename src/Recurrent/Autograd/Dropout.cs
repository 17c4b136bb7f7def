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
        var mask = new float[x.Value.Length];
        var y = Like(x);
        DropoutMask(x.Value.Span, p, rng, mask, y.Span);
        return Variable.Result(y, [x], r => TensorPrimitives.MultiplyAdd(r.Grad!.Span, mask, x.GradBuffer.Span, x.GradBuffer.Span));
    }

    /// <summary>
    /// Draws the inverted-dropout mask m (1/(1−p) with probability 1 − p, else 0; one draw per element, in order) and
    /// writes y = x ⊙ m. The one implementation, for this op and for the dropout between recurrent layers.
    /// </summary>
    internal static void DropoutMask(ReadOnlySpan<float> x, float p, Rng rng, Span<float> mask, Span<float> y)
    {
        float scale = p >= 1 ? 0 : 1 / (1 - p);
        for (int i = 0; i < x.Length; i++)
        {
            mask[i] = rng.NextFloat() >= p ? scale : 0f;
            y[i] = x[i] * mask[i];
        }
    }
}
