using System.Text.Json;
using System.Text.Json.Serialization;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// A training run's progress as it goes, in <c>OUT/progress.json</c>: what runs (task, command, config), where it is
/// (step, rate, status), and its curves (the training loss at every step, merged pairwise to at most
/// <see cref="MaxLossPoints"/> points, and the evaluation history). Rewritten atomically about once a second, so a
/// reader (<c>rnn serve --runs</c>) never sees half a file. Status: running, completed, time-limit, diverged,
/// early-stopped, interrupted.
/// </summary>
public sealed record RunProgress
{
    public const string FileName = "progress.json";
    public const int MaxLossPoints = 1000;

    [JsonPropertyName("kind")] public string Kind { get; init; } = "";
    [JsonPropertyName("command")] public string Command { get; init; } = "";
    [JsonPropertyName("config")] public TrainingConfig? Config { get; init; }
    [JsonPropertyName("describe")] public IReadOnlyList<string> Describe { get; init; } = [];
    [JsonPropertyName("status")] public string Status { get; init; } = "running";
    [JsonPropertyName("step")] public long Step { get; init; }
    [JsonPropertyName("steps")] public long Steps { get; init; }
    [JsonPropertyName("elapsed_seconds")] public double ElapsedSeconds { get; init; }
    [JsonPropertyName("items_per_second")] public double ItemsPerSecond { get; init; }
    [JsonPropertyName("item_unit")] public string ItemUnit { get; init; } = "";
    [JsonPropertyName("primary")] public string? Primary { get; init; }
    [JsonPropertyName("updated")] public DateTime Updated { get; init; }

    /// <summary>(step, loss) pairs; each point is the mean of the steps it stands for.</summary>
    [JsonPropertyName("losses")] public IReadOnlyList<double[]> Losses { get; init; } = [];

    /// <summary>The steps each full point of <see cref="Losses"/> stands for (1, 2, 4 …).</summary>
    [JsonPropertyName("loss_stride")] public long LossStride { get; init; } = 1;
    [JsonPropertyName("history")] public IReadOnlyList<HistoryPoint> History { get; init; } = [];

    public void Write(string folder) =>
        AtomicFile.Write(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, HistoryPoint.Json));

    /// <summary>The progress file of <paramref name="folder"/>; null when there is none; a one-line error when it is not one.</summary>
    public static RunProgress? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<RunProgress>(File.ReadAllBytes(path), HistoryPoint.Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a progress file ({e.Message.Split('.')[0]})."); }
    }
}
