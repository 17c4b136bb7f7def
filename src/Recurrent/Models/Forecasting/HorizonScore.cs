namespace Recurrent.Models.Forecasting;

/// <summary>A system's errors h steps ahead over <paramref name="Count"/> rolling origins; sMAPE in percent.</summary>
public sealed record HorizonScore(int Horizon, int Count, double Rmse, double Mae, double Mase, double Smape)
{
    /// <summary>"h=1 RMSE 13.7547 MAE 10.3800 MASE 0.6123 sMAPE 25.31% (35 origins)".</summary>
    public string Summary() =>
        FormattableString.Invariant($"h={Horizon} RMSE {Rmse:F4} MAE {Mae:F4} MASE {Mase:F4} sMAPE {Smape:F2}% ({Count} origin{(Count == 1 ? "" : "s")})");
}
