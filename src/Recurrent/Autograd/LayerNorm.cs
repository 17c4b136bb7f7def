using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Over the last dimension (size F): x̂ = (x − μ)/√(σ² + ε), y = γ ⊙ x̂ + β (PyTorch's biased variance)
    /// ⇒  dγ += Σ dy ⊙ x̂, dβ += Σ dy, dx = (1/σ̃)(g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) with g = dy ⊙ γ, σ̃ = √(σ² + ε).
    /// </summary>
    public static Variable LayerNorm(Variable x, Variable weight, Variable bias, float eps = 1e-5f)
    {
        int f = x.Value.Size(-1), rows = x.Value.Length / f;
        if (weight.Value.Length != f || bias.Value.Length != f)
            throw new ArgumentException($"LayerNorm: expected weight and bias of size {f}, got {weight.Value.ShapeString} and {bias.Value.ShapeString}.");
        var y = Like(x);
        var normalized = new float[x.Value.Length];
        var inverseStd = new float[rows];
        var xs = x.Value.Span; var ys = y.Span; var g = weight.Value.Span; var b = bias.Value.Span;
        for (int r = 0; r < rows; r++)
        {
            var row = xs.Slice(r * f, f);
            double mean = 0, variance = 0;
            foreach (var v in row) mean += v;
            mean /= f;
            foreach (var v in row) variance += (v - mean) * (v - mean);
            variance /= f;
            float inv = (float)(1 / Math.Sqrt(variance + eps));
            inverseStd[r] = inv;
            for (int j = 0; j < f; j++)
            {
                float n = (float)(row[j] - mean) * inv;
                normalized[r * f + j] = n;
                ys[r * f + j] = g[j] * n + b[j];
            }
        }
        return Variable.Result(y, [x, weight, bias], r =>
        {
            var dy = r.Grad!.Span;
            if (weight.RequiresGrad || bias.RequiresGrad)
            {
                var dg = weight.GradBuffer.Span; var db = bias.GradBuffer.Span;
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < f; j++) { dg[j] += dy[i * f + j] * normalized[i * f + j]; db[j] += dy[i * f + j]; }
            }
            if (!x.RequiresGrad) return;
            var dx = x.GradBuffer.Span; var gamma = weight.Value.Span;
            for (int i = 0; i < rows; i++)
            {
                double meanG = 0, meanGx = 0;
                for (int j = 0; j < f; j++) { double gj = dy[i * f + j] * gamma[j]; meanG += gj; meanGx += gj * normalized[i * f + j]; }
                meanG /= f; meanGx /= f;
                for (int j = 0; j < f; j++)
                    dx[i * f + j] += (float)(inverseStd[i] * (dy[i * f + j] * gamma[j] - meanG - normalized[i * f + j] * meanGx));
            }
        });
    }
}
