using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.Forecasting;

/// <summary>The forecaster checkpoint kind: <c>rnn eval</c> and <c>rnn params</c> open it.</summary>
public sealed class ForecastKind : ITaskKind
{
    public string Kind => ForecastTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => ForecastTask.Open(checkpoint, path).Forecaster.Model;

    /// <summary>The one-step forecasts of the checkpoint's validation (val) or test rows, of its own CSV or of another file with the same columns.</summary>
    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (forecaster, config) = ForecastTask.Open(checkpoint, path);
        var data = ForecastData.Load(request.DataPath is { } csv ? config with { Csv = csv } : config);
        double scale = ForecastScores.MaseScale(data.Series, data.TrainRows, config.Period);
        if (request.Split == "val") return ForecastTask.Evaluation(forecaster, data, scale);
        // test: the test rows; all: every held-out row, validation and test.
        if (request.Split is not ("test" or "all")) throw new ArgumentException($"A forecaster is scored on its val, test or all held-out rows, not '{request.Split}'.");
        int from = request.Split == "test" ? config.TestFrom : config.ValFrom;
        return ForecastTask.Evaluation(forecaster, data, scale, from, config.TestTo, request.Split == "test" ? "test" : "held-out");
    }

    public string Describe(Checkpoint checkpoint) =>
        $"forecaster of {checkpoint.Metadata.GetValueOrDefault("task_config", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
