using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recurrent.Training;

/// <summary>One point of the learning curve: mean training loss since the previous point, and the held-out metrics.</summary>
public sealed record HistoryPoint(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>How histories are written and read: a metric with nothing to measure (unseen-word accuracy when no word is unseen) is NaN, written "NaN".</summary>
    public static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Serialize(IEnumerable<HistoryPoint> history) => JsonSerializer.Serialize(history, Json);

    /// <summary>
    /// Reads a saved history. Checkpoints written before the task foundation stored <c>{Step, TrainLoss, ValidationLoss}</c>;
    /// their validation loss becomes the metric "loss", which is what the language model calls it now.
    /// </summary>
    public static List<HistoryPoint> ParseList(string json, string source)
    {
        var points = new List<HistoryPoint>();
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{source}: history is not a JSON array.");
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (e.TryGetProperty("ValidationLoss", out var legacy))
                points.Add(new HistoryPoint(e.GetProperty("Step").GetInt64(), e.GetProperty("TrainLoss").GetDouble(),
                    new Dictionary<string, double> { ["loss"] = legacy.GetDouble() }));
            else
                points.Add(e.Deserialize<HistoryPoint>(Json) ?? throw new InvalidDataException($"{source}: unreadable history point."));
        }
        return points;
    }
}
