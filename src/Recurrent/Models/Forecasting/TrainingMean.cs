namespace Recurrent.Models.Forecasting;

/// <summary>The mean of the training rows' values, at every origin and horizon: the bar any model must clear at long horizons.</summary>
public sealed class TrainingMean : ISeriesForecaster
{
    /// <param name="series">The series.</param>
    /// <param name="trainRows">Its first rows, the training part.</param>
    public TrainingMean(ObservedSeries series, int trainRows)
    {
        if (trainRows < 1 || trainRows > series.Steps) throw new ArgumentException($"Cannot average {trainRows} of {series.Steps} rows.");
        double sum = 0;
        for (int t = 0; t < trainRows; t++) sum += series.Value(t);
        Mean = sum / trainRows;
    }

    public double Mean { get; }
    public string Name => "mean";
    public int History => 0;

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon) =>
        [.. origins.Select(_ => Enumerable.Repeat(Mean, horizon).ToArray())];
}
