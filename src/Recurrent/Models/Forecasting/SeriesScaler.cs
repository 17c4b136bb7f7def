using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// Per-feature standardisation z = (x − μ_f) / σ_f, with μ_f and σ_f (population standard deviation) fitted on the
/// training rows only, so nothing about the validation or test part leaks into the model. A constant feature gets
/// σ = 1. Saved in checkpoints as JSON (<c>scaler</c>).
/// </summary>
public sealed class SeriesScaler
{
    [JsonConstructor]
    public SeriesScaler(float[] mean, float[] std)
    {
        if (mean is null || std is null) throw new ArgumentException("A scaler needs its means and deviations.");
        if (mean.Length != std.Length || mean.Length == 0) throw new ArgumentException($"A scaler needs one mean and one deviation per feature, got {mean.Length} and {std.Length}.");
        if (mean.Any(m => !float.IsFinite(m)) || std.Any(s => !(s > 0) || !float.IsFinite(s))) throw new ArgumentException("A scaler's means must be finite and its deviations positive.");
        (Mean, Std) = (mean, std);
    }

    [JsonPropertyName("mean")] public float[] Mean { get; }
    [JsonPropertyName("std")] public float[] Std { get; }

    /// <summary>μ and σ of each feature over rows [0, <paramref name="rows"/>) of <paramref name="series"/>, in double.</summary>
    public static SeriesScaler Fit(ObservedSeries series, int rows)
    {
        if (rows < 1 || rows > series.Steps) throw new ArgumentException($"Cannot fit a scaler on {rows} of {series.Steps} rows.");
        int F = series.Features;
        var mean = new float[F];
        var std = new float[F];
        for (int f = 0; f < F; f++)
        {
            double sum = 0, squares = 0;
            for (int t = 0; t < rows; t++) sum += series.Values[t * F + f];
            double mu = sum / rows;
            for (int t = 0; t < rows; t++) squares += Math.Pow(series.Values[t * F + f] - mu, 2);
            double sigma = Math.Sqrt(squares / rows);
            mean[f] = (float)mu;
            std[f] = sigma > 1e-12 * Math.Max(1, Math.Abs(mu)) ? (float)sigma : 1f;
        }
        return new SeriesScaler(mean, std);
    }

    public int Features => Mean.Length;

    /// <summary>(T, F) → standardised (T, F), a new array.</summary>
    public float[] Transform(float[] values)
    {
        if (values.Length % Features != 0) throw new ArgumentException($"{values.Length} values are not rows of {Features} features.");
        var z = new float[values.Length];
        for (int i = 0; i < values.Length; i++) z[i] = (values[i] - Mean[i % Features]) / Std[i % Features];
        return z;
    }

    /// <summary>A standardised value of feature <paramref name="feature"/> back on the data's scale.</summary>
    public double Inverse(float z, int feature = 0) => (double)z * Std[feature] + Mean[feature];

    public string Serialize() => JsonSerializer.Serialize(this);

    public static SeriesScaler Parse(string json, string path)
    {
        try { return JsonSerializer.Deserialize<SeriesScaler>(json) ?? throw new InvalidDataException($"{path}: unreadable scaler."); }
        catch (Exception e) when (e is JsonException or ArgumentException) { throw new InvalidDataException($"{path}: unreadable scaler ({e.Message})"); }
    }
}
