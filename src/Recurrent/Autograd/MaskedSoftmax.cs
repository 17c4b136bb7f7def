using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Softmax of each row of scores (B, T) over its first lengths[b] entries (each in [1, T]), exact zeros past them
    /// (attention over padded sequences, as softmax after masking with −∞): for j &lt; L_b,
    /// y[b, j] = exp(x[b, j] − max)/Σ_{k &lt; L_b} exp(x[b, k] − max), else 0
    /// ⇒  dx[b, j] += y[b, j]·(dy[b, j] − Σ_{k &lt; L_b} dy[b, k]·y[b, k]) for j &lt; L_b, and no gradient past L_b.
    /// </summary>
    public static Variable MaskedSoftmax(Variable scores, IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (scores.Value.Rank != 2)
            throw new ArgumentException($"MaskedSoftmax: expected scores of shape (B, T), got {scores.Value.ShapeString}.");
        int B = scores.Value.Size(0), T = scores.Value.Size(1);
        var valid = CheckLengths(lengths, B, T, nameof(MaskedSoftmax));
        var y = Like(scores);
        for (int b = 0; b < B; b++)
            StableSoftmax.Row(scores.Value.Span.Slice(b * T, valid[b]), y.Span.Slice(b * T, valid[b]));
        return Variable.Result(y, [scores], r =>
        {
            var dy = r.Grad!.Span; var dx = scores.GradBuffer.Span; var ys = y.Span;
            for (int b = 0; b < B; b++)
            {
                int row = b * T, n = valid[b];
                float dot = TensorPrimitives.Dot(dy.Slice(row, n), ys.Slice(row, n));
                for (int j = row; j < row + n; j++) dx[j] += ys[j] * (dy[j] - dot);
            }
        });
    }
}
