using System.Numerics.Tensors;

namespace Recurrent.Tensors;

/// <summary>
/// y = exp(x − max x) / Σ exp(x − max x) over one row. TensorPrimitives.SoftMax does not subtract the maximum, so any
/// entry above about 88 overflows exp to ∞ and the row becomes NaN (attention scores of a few hundred wide vectors get there);
/// every softmax in the library goes through here.
/// </summary>
public static class StableSoftmax
{
    public static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length == 0) return;
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }
}
