using System.Text.Json.Serialization;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// What a forecasting run reads and how it splits it; saved as JSON (<c>task_config</c>). Rows are counted from 0
/// after the header. The split is by time and never shuffled across a boundary:
///   train [0, ValFrom) · validation [ValFrom, TestFrom) · test [TestFrom, TestTo); rows from TestTo on are not read.
/// The scaler and the model see the training rows only; the validation rows pick the best checkpoint, the AR order
/// and the prediction intervals; the test rows are scored, from rolling origins, and nothing else.
/// </summary>
public sealed record ForecastTaskConfig
{
    [JsonPropertyName("csv")] public string Csv { get; init; } = "";
    [JsonPropertyName("column")] public string Column { get; init; } = "";
    [JsonPropertyName("covariates")] public string[] Covariates { get; init; } = [];
    [JsonPropertyName("time")] public string? Time { get; init; }

    /// <summary>error (the default: a gap is a one-line error naming its row), interpolate or previous.</summary>
    [JsonPropertyName("fill")] public string Fill { get; init; } = "error";

    [JsonPropertyName("val_from")] public int ValFrom { get; init; }
    [JsonPropertyName("test_from")] public int TestFrom { get; init; }
    [JsonPropertyName("test_to")] public int TestTo { get; init; }

    /// <summary>The season m for the seasonal-naive baseline and MASE's scale (1: the one-step naive forecast).</summary>
    [JsonPropertyName("period")] public int Period { get; init; } = 1;

    /// <summary>AR(p)'s order, or 0 to choose it on the validation rows (p ≤ <see cref="MaxArOrder"/>).</summary>
    [JsonPropertyName("ar_order")] public int ArOrder { get; init; }

    /// <summary>The largest order tried when choosing: 30 covers a year of monthly data twice over and then some.</summary>
    [JsonPropertyName("max_ar_order")] public int MaxArOrder { get; init; } = 30;

    /// <summary>The horizons of the k-step table (the seeds' 1, 4, 16, 64); those longer than the test part are dropped from the defaults.</summary>
    [JsonPropertyName("horizons")] public int[] Horizons { get; init; } = [1, 4, 16, 64];

    /// <summary>The central probability of the prediction intervals (from validation residual quantiles per horizon).</summary>
    [JsonPropertyName("interval")] public double Interval { get; init; } = 0.9;

    public void Validate()
    {
        if (Fill is not ("error" or "interpolate" or "previous")) throw new ArgumentException($"--fill must be interpolate or previous (or left out), got '{Fill}'.");
        if (Period < 1) throw new ArgumentException($"--period must be positive, got {Period}.");
        if (ArOrder < 0) throw new ArgumentException($"--ar-order must be positive (or 0 to choose it), got {ArOrder}.");
        if (MaxArOrder < 1) throw new ArgumentException($"The largest AR order must be positive, got {MaxArOrder}.");
        if (Horizons.Length == 0 || Horizons.Any(h => h < 1)) throw new ArgumentException($"--horizons must be positive integers, got {string.Join(",", Horizons)}.");
        if (!(Interval > 0 && Interval < 1)) throw new ArgumentException($"--interval must be in (0, 1), got {Interval}.");
        if (!(0 < ValFrom && ValFrom < TestFrom && TestFrom < TestTo))
            throw new ArgumentException($"The split needs 0 < val-from < test-from < test-to, got {ValFrom}, {TestFrom}, {TestTo}.");
    }
}
