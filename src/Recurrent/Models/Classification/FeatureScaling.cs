namespace Recurrent.Models.Classification;

/// <summary>
/// Per-feature standardisation of numeric steps, fitted on the training split only: x' = (x − μ_f) / σ_f, with μ_f and
/// σ_f the mean and standard deviation of feature f over every training step (σ_f = 1 where a feature is constant).
/// Saved in the checkpoint as <c>input.mean</c> and <c>input.std</c>.
/// </summary>
public sealed record FeatureScaling(float[] Mean, float[] Std)
{
    public int Features => Mean.Length;

    public static FeatureScaling Fit(IEnumerable<float[]> sequences, int features)
    {
        var sum = new double[features]; var squares = new double[features];
        long steps = 0;
        foreach (var s in sequences)
            for (int i = 0; i < s.Length; i++) { sum[i % features] += s[i]; squares[i % features] += (double)s[i] * s[i]; steps += i % features == 0 ? 1 : 0; }
        var mean = new float[features]; var std = new float[features];
        for (int f = 0; f < features; f++)
        {
            double m = sum[f] / steps, variance = Math.Max(0, squares[f] / steps - m * m);
            mean[f] = (float)m;
            std[f] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }
        return new FeatureScaling(mean, std);
    }

    /// <summary>The scaled copy of a sequence (T, F).</summary>
    public float[] Apply(float[] values)
    {
        var scaled = new float[values.Length];
        for (int i = 0; i < values.Length; i++) scaled[i] = (values[i] - Mean[i % Features]) / Std[i % Features];
        return scaled;
    }
}
