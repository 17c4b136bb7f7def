using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The adding problem as a training task: fresh batches from the run's generator every step (so its saved state is
/// the data cursor), MSE loss, and the MSE on a fixed test set of 1,000 sequences made from its own seed.
/// </summary>
public sealed class AddingTask : ITrainingTask
{
    public const string TaskKind = "lab-adding";
    private const int TestSequences = 1000;
    private readonly int _steps, _batch;
    private readonly Rng _rng;
    private readonly (Tensor Inputs, Tensor Targets) _test;

    public AddingTask(string cell, int hidden, int steps, int batch, ulong testSeed, Rng rng)
    {
        (_steps, _batch, _rng) = (steps, batch, rng);
        Model = new AddingModel(cell, hidden, rng);
        _test = AddingProblem.Batch(steps, TestSequences, new Rng(testSeed));
    }

    public string Kind => TaskKind;
    public AddingModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "seq";

    public BatchLoss NextLoss()
    {
        var (x, y) = AddingProblem.Batch(_steps, _batch, _rng);
        return new BatchLoss(Loss.MeanSquaredError(Model.Forward(x), y), _batch);
    }

    public Evaluation Evaluate()
    {
        bool wasTraining = Model.Training;
        Model.Training = false;
        double mse;
        using (Variable.NoGrad()) mse = Loss.MeanSquaredError(Model.Forward(_test.Inputs), _test.Targets).Value.Span[0];
        Model.Training = wasTraining;
        return new Evaluation(new Dictionary<string, double> { ["mse"] = mse }, "mse", HigherIsBetter: false,
            $"test mse {mse:F4} (predicting 1: {AddingProblem.BaselineMse:F3})");
    }

    public void SaveState(Checkpoint checkpoint) =>
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(new { cell = Model.Cell, steps = _steps });

    public IEnumerable<string> Describe() { yield return $"adding problem: {Model.Cell}, T = {_steps}, {Model.ParameterCount:N0} parameters"; }
}
