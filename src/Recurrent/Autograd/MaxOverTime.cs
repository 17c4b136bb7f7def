using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Maximum over each sequence's valid steps, for time-major x (T, B, F) → y (B, F); <paramref name="lengths"/> (B),
    /// each in [1, T], or null for all T steps (padding past a sequence's end never wins):
    /// y[b, f] = x[a, b, f] with a = argmax_{t &lt; L_b} x[t, b, f]  ⇒  dx[a, b, f] += dy[b, f], nothing elsewhere.
    /// Ties go to the first step reaching the maximum, so the whole gradient of a tied feature flows to that one step
    /// (PyTorch's <c>max(dim)</c> leaves the index of a tie unspecified).
    /// </summary>
    public static Variable MaxOverTime(Variable x, IReadOnlyList<int>? lengths)
    {
        var (T, B, F) = CheckTimeMajor(x.Value, nameof(MaxOverTime));
        var steps = CheckLengths(lengths, B, T, nameof(MaxOverTime));
        var y = Tensor.Zeros(B, F);
        var argMax = new int[B * F];     // (B, F): the step each maximum came from
        var xs = x.Value.Span; var ys = y.Span;
        for (int b = 0; b < B; b++)
        {
            var best = ys.Slice(b * F, F);
            xs.Slice(b * F, F).CopyTo(best);
            for (int t = 1; t < steps[b]; t++)
            {
                var row = xs.Slice((t * B + b) * F, F);
                for (int f = 0; f < F; f++)
                    if (row[f] > best[f]) { best[f] = row[f]; argMax[b * F + f] = t; }
            }
        }
        return Variable.Result(y, [x], r =>
        {
            var dy = r.Grad!.Span; var dx = x.GradBuffer.Span;
            for (int b = 0; b < B; b++)
                for (int f = 0; f < F; f++) dx[(argMax[b * F + f] * B + b) * F + f] += dy[b * F + f];
        });
    }
}
