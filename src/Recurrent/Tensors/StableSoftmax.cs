using System.Numerics.Tensors;

namespace Recurrent.Tensors;

/// <summary>
/// y = exp(x − max x) / Σ exp(x − max x) over one row. TensorPrimitives.SoftMax does not subtract the maximum, so any
/// entry above about 88 overflows exp to ∞ and the row becomes NaN (attention scores of a few hundred wide vectors get there);
/// every softmax in the library goes through here. <see cref="LogRow"/> is log-softmax the same way, summed in double.
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

    /// <summary>y = x − (max x + log Σ exp(x − max x)).</summary>
    public static void LogRow(ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length == 0) return;
        float max = TensorPrimitives.Max(x);
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += Math.Exp(x[i] - max);
        TensorPrimitives.Subtract(x, (float)Math.Log(sum) + max, y);
    }

    /// <summary>The index of the largest of x[from …] (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> x, int from = 0)
    {
        int best = from;
        for (int i = from + 1; i < x.Length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
