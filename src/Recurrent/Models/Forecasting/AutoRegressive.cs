namespace Recurrent.Models.Forecasting;

/// <summary>
/// AR(p) with intercept, fitted by least squares (Householder QR in double, no normal equations):
///   y_t = c + φ_1 y_(t−1) + … + φ_p y_(t−p) + ε_t,   minimise Σ_t ε_t² over the targets t = p … n − 1.
/// Longer horizons are recursive: each forecast takes the place of the value it forecasts.
/// </summary>
public sealed class AutoRegressive : ISeriesForecaster
{
    public AutoRegressive(double intercept, double[] coefficients)
    {
        if (coefficients.Length < 1) throw new ArgumentException("AR(p) needs p ≥ 1.");
        (Intercept, Coefficients) = (intercept, coefficients);
    }

    /// <summary>c.</summary>
    public double Intercept { get; }

    /// <summary>φ_1 … φ_p: Coefficients[i − 1] multiplies y_(t−i).</summary>
    public IReadOnlyList<double> Coefficients { get; }

    public int Order => Coefficients.Count;
    public string Name => $"ar({Order})";
    public int History => Order;

    /// <summary>The least-squares AR(p) on the value column's rows [0, <paramref name="rows"/>).</summary>
    public static AutoRegressive Fit(ObservedSeries series, int order, int rows)
    {
        if (order < 1) throw new ArgumentException($"--ar-order must be positive, got {order}.");
        int n = rows - order, m = order + 1;
        if (n < m) throw new ArgumentException($"AR({order}) needs more than {2 * order + 1} rows to fit, the training part has {rows}.");
        var a = new double[n, m];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            int t = order + i;
            a[i, 0] = 1;
            for (int k = 1; k <= order; k++) a[i, k] = series.Value(t - k);
            y[i] = series.Value(t);
        }
        var beta = LeastSquares(a, y);
        return new AutoRegressive(beta[0], beta[1..]);
    }

    /// <summary>
    /// The order p in 1 … <paramref name="maxOrder"/> whose AR(p), fitted on rows [0, trainRows), forecasts the
    /// validation rows [trainRows, validationEnd) one step ahead with the least squared error.
    /// </summary>
    public static int ChooseOrder(ObservedSeries series, int trainRows, int validationEnd, int maxOrder)
    {
        if (validationEnd <= trainRows) throw new ArgumentException("Choosing the AR order needs validation rows; give --ar-order.");
        maxOrder = Math.Min(maxOrder, (trainRows - 1) / 3);
        if (maxOrder < 1) throw new ArgumentException($"The training part ({trainRows} rows) is too short to fit AR(1).");
        var origins = Enumerable.Range(trainRows, validationEnd - trainRows).ToArray();
        int best = 1;
        double bestError = double.PositiveInfinity;
        for (int p = 1; p <= maxOrder; p++)
        {
            var forecasts = Fit(series, p, trainRows).Forecast(series, origins, 1);
            double error = origins.Select((o, i) => Math.Pow(forecasts[i][0] - series.Value(o), 2)).Sum();
            if (error < bestError) (best, bestError) = (p, error);
        }
        return best;
    }

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon)
    {
        int p = Order;
        var result = new double[origins.Count][];
        var window = new double[p + horizon];
        for (int i = 0; i < origins.Count; i++)
        {
            int o = Forecasts.CheckOrigin(this, series, origins[i]);
            for (int k = 0; k < p; k++) window[k] = series.Value(o - p + k);
            var forecast = result[i] = new double[horizon];
            for (int j = 0; j < horizon; j++)
            {
                double v = Intercept;
                for (int k = 1; k <= p; k++) v += Coefficients[k - 1] * window[p + j - k];
                forecast[j] = window[p + j] = v;
            }
        }
        return result;
    }

    /// <summary>
    /// argmin_β ‖Aβ − y‖ by Householder QR: A = QR, then Rβ = Qᵀy by back substitution. A column that is (numerically)
    /// a combination of earlier ones (a constant series) gets β = 0.
    /// </summary>
    internal static double[] LeastSquares(double[,] a, double[] y)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        a = (double[,])a.Clone();
        y = (double[])y.Clone();
        var v = new double[n];
        for (int k = 0; k < m; k++)
        {
            double norm = 0;
            for (int i = k; i < n; i++) norm += a[i, k] * a[i, k];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = a[k, k] > 0 ? -norm : norm;
            for (int i = k; i < n; i++) v[i] = a[i, k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            // Reflect A's columns k … m − 1 and y: x ← x − 2v(vᵀx)/(vᵀv).
            for (int j = k; j < m; j++)
            {
                double dot = 0;
                for (int i = k; i < n; i++) dot += v[i] * a[i, j];
                double s = 2 * dot / vv;
                for (int i = k; i < n; i++) a[i, j] -= s * v[i];
            }
            double dy = 0;
            for (int i = k; i < n; i++) dy += v[i] * y[i];
            for (int i = k; i < n; i++) y[i] -= 2 * dy / vv * v[i];
        }
        double scale = 0;
        for (int k = 0; k < m; k++) scale = Math.Max(scale, Math.Abs(a[k, k]));
        var beta = new double[m];
        for (int k = m - 1; k >= 0; k--)
        {
            if (Math.Abs(a[k, k]) <= 1e-10 * scale) continue;
            double s = y[k];
            for (int j = k + 1; j < m; j++) s -= a[k, j] * beta[j];
            beta[k] = s / a[k, k];
        }
        return beta;
    }
}
