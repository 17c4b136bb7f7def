namespace Recurrent.Models.GradientLab;

/// <summary>
/// ρ(W) = max |λ| over the eigenvalues of a square matrix, the number that decides whether a linear recurrence
/// h_t = W h_{t−1} shrinks (ρ &lt; 1) or grows (ρ &gt; 1): ‖W^k v‖ ≈ c·ρ^k for almost every v. Estimated by that growth,
/// in double: v is renormalised every step, and ρ is the mean growth per step over the steps after a burn-in that lets
/// the smaller eigenvalues die out. Unlike plain power iteration this also converges when the largest eigenvalues are a
/// complex pair (a rotation), as they usually are for random matrices.
/// </summary>
public static class SpectralRadius
{
    /// <summary>ρ of the n × n row-major matrix <paramref name="w"/>.</summary>
    public static double Of(ReadOnlySpan<float> w, int n, int burnIn = 500, int steps = 2000)
    {
        if (w.Length != n * n) throw new ArgumentException($"Expected an {n} × {n} matrix, got {w.Length} entries.");
        var v = new double[n];
        var next = new double[n];
        var rng = new Tensors.Rng(12345);
        for (int i = 0; i < n; i++) v[i] = rng.NextFloat() - 0.5;
        Normalise(v);
        double logGrowth = 0;
        for (int k = 0; k < burnIn + steps; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += w[i * n + j] * v[j];
                next[i] = s;
            }
            double norm = Normalise(next);
            if (norm == 0) return 0;                                           // v fell into the null space: nilpotent part
            if (k >= burnIn) logGrowth += Math.Log(norm);
            (v, next) = (next, v);
        }
        return Math.Exp(logGrowth / steps);
    }

    private static double Normalise(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        if (norm > 0) for (int i = 0; i < v.Length; i++) v[i] /= norm;
        return norm;
    }
}
