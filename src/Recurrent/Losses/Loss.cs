using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Losses;

/// <summary>Scalar losses (mean reduction, as PyTorch's defaults), forward and backward side by side.</summary>
public static class Loss
{
    /// <summary>PyTorch's default ignore index: targets equal to it add nothing and are not counted.</summary>
    public const int IgnoreIndex = -100;

    /// <summary>
    /// Cross-entropy over logits (N, C) (or (..., C)) and class targets (N): L = mean over counted n of
    /// logsumexp(x_n) − x_n[t_n]  ⇒  dx_n = (softmax(x_n) − onehot(t_n)) / count. Targets equal to
    /// <paramref name="ignoreIndex"/> (padding) are skipped. All targets ignored gives NaN, as in PyTorch.
    /// With class <paramref name="weights"/> w (C), PyTorch's weighted mean: L = Σ_n w[t_n]·l_n / Σ_n w[t_n]
    /// ⇒  dx_n = w[t_n]·(softmax(x_n) − onehot(t_n)) / Σ w[t_n].
    /// With <paramref name="labelSmoothing"/> ε (PyTorch's label_smoothing, unweighted): the target is
    /// q = (1 − ε)·onehot(t) + ε/C, so l_n = (1 − ε)(lse − x[t]) + ε(lse − mean_v x_v)  ⇒  dx_n = (softmax(x_n) − q_n) / count.
    /// </summary>
    public static Variable CrossEntropy(Variable logits, ReadOnlySpan<int> targets, int ignoreIndex = IgnoreIndex, ReadOnlySpan<float> weights = default,
        float labelSmoothing = 0f)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new ArgumentException($"CrossEntropy: label smoothing must be in [0, 1), got {labelSmoothing}.");
        if (labelSmoothing > 0 && !weights.IsEmpty) throw new ArgumentException("CrossEntropy: label smoothing with class weights is not supported.");
        float eps = labelSmoothing;
        int classes = logits.Value.Size(-1), rows = logits.Value.Length / classes;
        if (targets.Length != rows)
            throw new ArgumentException($"CrossEntropy: {rows} rows of logits {logits.Value.ShapeString} but {targets.Length} targets.");
        var t = targets.ToArray();
        var probabilities = new float[logits.Value.Length];
        if (!weights.IsEmpty && weights.Length != classes)
            throw new ArgumentException($"CrossEntropy: {weights.Length} class weights for {classes} classes.");
        var w = weights.IsEmpty ? null : weights.ToArray();
        var x = logits.Value.Span;
        double total = 0, count = 0;
        for (int n = 0; n < rows; n++)
        {
            if (t[n] == ignoreIndex) continue;
            if ((uint)t[n] >= (uint)classes) throw new ArgumentException($"CrossEntropy: target {t[n]} at position {n} is outside [0, {classes}).");
            // p = exp(x − max) / Σ exp(x − max); loss = log Σ exp(x − max) + max − x[t]
            var row = x.Slice(n * classes, classes);
            var p = probabilities.AsSpan(n * classes, classes);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, p);
            TensorPrimitives.Exp(p, p);
            float sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
            float weight = w is null ? 1f : w[t[n]];
            double lse = Math.Log(sum) + max;
            total += weight * ((1 - eps) * (lse - row[t[n]]) + (eps > 0 ? eps * (lse - TensorPrimitives.Sum(row) / classes) : 0));
            count += weight;
        }
        var loss = Tensor.FromArray([(float)(total / count)], 1);
        return Variable.Result(loss, [logits], r =>
        {
            float scale0 = (float)(r.Grad!.Span[0] / count);
            var dx = logits.GradBuffer.Span;
            for (int n = 0; n < rows; n++)
            {
                if (t[n] == ignoreIndex) continue;
                float scale = w is null ? scale0 : scale0 * w[t[n]];
                var d = dx.Slice(n * classes, classes);
                TensorPrimitives.MultiplyAdd(probabilities.AsSpan(n * classes, classes), scale, d, d);
                if (eps > 0) TensorPrimitives.Subtract(d, scale * eps / classes, d);
                d[t[n]] -= scale * (1 - eps);
            }
        });
    }

    /// <summary>L = mean((p − y)²)  ⇒  dp = 2(p − y)/n.</summary>
    public static Variable MeanSquaredError(Variable prediction, Tensor target)
    {
        CheckSameLength(prediction, target, nameof(MeanSquaredError));
        var p = prediction.Value.Span; var y = target.Span;
        double total = 0;
        for (int i = 0; i < p.Length; i++) total += (double)(p[i] - y[i]) * (p[i] - y[i]);
        int n = p.Length;
        return Variable.Result(Tensor.FromArray([(float)(total / n)], 1), [prediction], r =>
        {
            float scale = 2 * r.Grad!.Span[0] / n;
            var dp = prediction.GradBuffer.Span; var pv = prediction.Value.Span; var yv = target.Span;
            for (int i = 0; i < dp.Length; i++) dp[i] += scale * (pv[i] - yv[i]);
        });
    }

    /// <summary>
    /// L = mean(max(x, 0) − x·y + log(1 + e^−|x|)) (stable for any x)  ⇒  dx = (σ(x) − y)/n.
    /// </summary>
    public static Variable BinaryCrossEntropyWithLogits(Variable logits, Tensor target)
    {
        CheckSameLength(logits, target, nameof(BinaryCrossEntropyWithLogits));
        var x = logits.Value.Span; var y = target.Span;
        double total = 0;
        for (int i = 0; i < x.Length; i++) total += Math.Max(x[i], 0) - (double)x[i] * y[i] + Math.Log(1 + Math.Exp(-Math.Abs(x[i])));
        int n = x.Length;
        return Variable.Result(Tensor.FromArray([(float)(total / n)], 1), [logits], r =>
        {
            float scale = r.Grad!.Span[0] / n;
            var dx = logits.GradBuffer.Span; var xv = logits.Value.Span; var yv = target.Span;
            for (int i = 0; i < dx.Length; i++) dx[i] += scale * (1f / (1f + MathF.Exp(-xv[i])) - yv[i]);
        });
    }

    private static void CheckSameLength(Variable a, Tensor b, string op)
    {
        if (!a.Value.HasShape(b.Shape.ToArray()))
            throw new ArgumentException($"{op}: prediction {a.Value.ShapeString} and target {b.ShapeString} differ in shape.");
    }
}
