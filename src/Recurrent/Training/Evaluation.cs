namespace Recurrent.Training;

/// <summary>
/// A task's named metrics on held-out data. <see cref="Primary"/> names the one that decides the best checkpoint and
/// early stopping; <see cref="Summary"/> is the line people read ("loss 1.5110 nats/char, ... perplexity 4.531").
/// </summary>
public sealed record Evaluation(IReadOnlyDictionary<string, double> Metrics, string Primary, bool HigherIsBetter, string Summary)
{
    public double PrimaryValue => Metrics[Primary];

    /// <summary>Whether <paramref name="value"/> is better than <paramref name="best"/> for this metric's direction.</summary>
    public bool Improves(double value, double best) => HigherIsBetter ? value > best : value < best;
}
