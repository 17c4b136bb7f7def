namespace Recurrent.Models.Forecasting;

/// <summary>
/// A series as the forecasters read it: (T, F) row-major, feature 0 the value forecast and the covariates after it
/// (the layout of <see cref="Data.CsvSeries.Values"/>), on the scale of the file.
/// </summary>
public sealed class ObservedSeries
{
    public ObservedSeries(float[] values, int features)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (features < 1 || values.Length % features != 0)
            throw new ArgumentException($"A series of {values.Length} values is not (T, F) with F = {features} features.");
        (Values, Features) = (values, features);
    }

    /// <summary>(T, F) row-major.</summary>
    public float[] Values { get; }

    /// <summary>F.</summary>
    public int Features { get; }

    /// <summary>T.</summary>
    public int Steps => Values.Length / Features;

    /// <summary>The value (feature 0) at row t.</summary>
    public float Value(int t) => Values[t * Features];

    /// <summary>Row t, all F features.</summary>
    public ReadOnlySpan<float> Row(int t) => Values.AsSpan(t * Features, Features);

    /// <summary>Rows [0, rows): what a forecaster may read to forecast from origin <paramref name="rows"/>.</summary>
    public ObservedSeries Head(int rows) => new(Values.AsSpan(0, rows * Features).ToArray(), Features);
}
