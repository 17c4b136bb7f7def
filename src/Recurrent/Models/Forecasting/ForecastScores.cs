namespace Recurrent.Models.Forecasting;

/// <summary>
/// Rolling-origin scores: every origin o in [from, to) forecasts rows o, o + 1, …; the error h steps ahead,
/// e = y_(o+h−1) − ŷ, counts for the origins whose target lies before <c>to</c>, so horizon h has to − from − h + 1 of them.
///   RMSE = √(mean e²)   MAE = mean |e|   sMAPE = 100 · mean 2|e| / (|y| + |ŷ|)  (0 where both are 0)
///   MASE = MAE / s,  s = mean_(t ≥ m) |y_t − y_(t−m)| over the training rows (the in-sample seasonal-naive error, Hyndman &amp; Koehler 2006).
/// </summary>
public static class ForecastScores
{
    /// <summary>s, MASE's scale: the training rows' mean absolute m-step change (1 if it is 0, a constant training part).</summary>
    public static double MaseScale(ObservedSeries series, int trainRows, int period)
    {
        if (trainRows <= period) throw new ArgumentException($"MASE's scale needs more than {period} training rows, got {trainRows}.");
        double sum = 0;
        for (int t = period; t < trainRows; t++) sum += Math.Abs(series.Value(t) - series.Value(t - period));
        double scale = sum / (trainRows - period);
        return scale > 0 ? scale : 1;
    }

    /// <summary>The scores at each horizon of forecasts[i] made from origins[i] (each at least max(horizons) long).</summary>
    public static HorizonScore[] Of(ObservedSeries series, IReadOnlyList<int> origins, double[][] forecasts, IReadOnlyList<int> horizons, int to, double maseScale)
    {
        var scores = new HorizonScore[horizons.Count];
        for (int k = 0; k < horizons.Count; k++)
        {
            int h = horizons[k], n = 0;
            double squares = 0, absolute = 0, smape = 0;
            for (int i = 0; i < origins.Count; i++)
            {
                int row = origins[i] + h - 1;
                if (row >= to) continue;
                double y = series.Value(row), f = forecasts[i][h - 1], e = y - f;
                squares += e * e;
                absolute += Math.Abs(e);
                double denominator = Math.Abs(y) + Math.Abs(f);
                smape += denominator > 0 ? 2 * Math.Abs(e) / denominator : 0;
                n++;
            }
            if (n == 0) throw new ArgumentException($"No origin has a target {h} steps ahead before row {to}.");
            scores[k] = new HorizonScore(h, n, Math.Sqrt(squares / n), absolute / n, absolute / n / maseScale, 100 * smape / n);
        }
        return scores;
    }
}
