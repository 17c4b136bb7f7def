using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// y = a·b for a (M, K), b (K, N)  ⇒  da += dy·bᵀ, db += aᵀ·dy.
    /// </summary>
    public static Variable MatMul(Variable a, Variable b)
    {
        if (a.Value.Rank != 2 || b.Value.Rank != 2 || a.Value.Size(1) != b.Value.Size(0))
            throw new ArgumentException($"MatMul: cannot multiply {a.Value.ShapeString} by {b.Value.ShapeString}.");
        int m = a.Value.Size(0), k = a.Value.Size(1), n = b.Value.Size(1);
        var y = Tensor.Zeros(m, n);
        Gemm.Multiply(false, false, m, n, k, 1f, a.Value.Span, k, b.Value.Span, n, 0f, y.Span, n);
        return Variable.Result(y, [a, b], r =>
        {
            if (a.RequiresGrad) Gemm.Multiply(false, true, m, k, n, 1f, r.Grad!.Span, n, b.Value.Span, n, 1f, a.GradBuffer.Span, k);
            if (b.RequiresGrad) Gemm.Multiply(true, false, k, n, m, 1f, a.Value.Span, k, r.Grad!.Span, n, 1f, b.GradBuffer.Span, n);
        });
    }

    /// <summary>
    /// y = x·Wᵀ + b over the last dimension: x (..., I), W (O, I), b (O) or null → y (..., O)
    /// ⇒  dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy.
    /// </summary>
    public static Variable Linear(Variable x, Variable weight, Variable? bias)
    {
        int outFeatures = weight.Value.Size(0), inFeatures = weight.Value.Size(1);
        if (x.Value.Size(-1) != inFeatures)
            throw new ArgumentException($"Linear: expected input with {inFeatures} features in the last dimension, got shape {x.Value.ShapeString}.");
        int rows = x.Value.Length / inFeatures;
        var shape = x.Value.Shape.ToArray();
        shape[^1] = outFeatures;
        var y = Tensor.Zeros(shape);
        if (bias is not null)
            for (int r = 0; r < rows; r++) bias.Value.Span.CopyTo(y.Span.Slice(r * outFeatures, outFeatures));
        Gemm.Multiply(false, true, rows, outFeatures, inFeatures, 1f, x.Value.Span, inFeatures, weight.Value.Span, inFeatures,
            bias is null ? 0f : 1f, y.Span, outFeatures);
        Variable[] parents = bias is null ? [x, weight] : [x, weight, bias];
        return Variable.Result(y, parents, r =>
        {
            var dy = r.Grad!.Span;
            if (x.RequiresGrad)
                Gemm.Multiply(false, false, rows, inFeatures, outFeatures, 1f, dy, outFeatures, weight.Value.Span, inFeatures, 1f, x.GradBuffer.Span, inFeatures);
            if (weight.RequiresGrad)
                Gemm.Multiply(true, false, outFeatures, inFeatures, rows, 1f, dy, outFeatures, x.Value.Span, inFeatures, 1f, weight.GradBuffer.Span, inFeatures);
            if (bias is { RequiresGrad: true })
            {
                var db = bias.GradBuffer.Span;
                for (int i = 0; i < rows; i++) TensorPrimitives.Add(db, dy.Slice(i * outFeatures, outFeatures), db);
            }
        });
    }
}
