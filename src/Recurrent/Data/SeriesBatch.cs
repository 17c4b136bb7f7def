namespace Recurrent.Data;

/// <summary>
/// B windows of a series for forecasting. Shapes, τ the window, h the horizon, F the input features and K the target
/// columns: <see cref="Inputs"/> (τ, B, F) time-major, Inputs[(t·B + b)·F + f] = x[s_b + t, f];
/// <see cref="Targets"/> (h, B, K), Targets[(j·B + b)·K + k] = x[s_b + τ + j, c_k]; s_b = <see cref="Starts"/>[b].
/// </summary>
public sealed class SeriesBatch
{
    internal SeriesBatch(int window, int horizon, int features, int targetFeatures, float[] inputs, float[] targets, int[] starts) =>
        (Window, Horizon, Features, TargetFeatures, Inputs, Targets, Starts) = (window, horizon, features, targetFeatures, inputs, targets, starts);

    /// <summary>B, the number of windows (the last batch of an epoch may be smaller).</summary>
    public int Size => Starts.Length;

    /// <summary>τ, the input steps.</summary>
    public int Window { get; }

    /// <summary>h, the steps predicted.</summary>
    public int Horizon { get; }

    /// <summary>F, the features of each input step.</summary>
    public int Features { get; }

    /// <summary>K, the target columns.</summary>
    public int TargetFeatures { get; }

    /// <summary>(τ, B, F).</summary>
    public float[] Inputs { get; }

    /// <summary>(h, B, K).</summary>
    public float[] Targets { get; }

    /// <summary>(B) the row of the series at which each window's input starts.</summary>
    public int[] Starts { get; }
}
