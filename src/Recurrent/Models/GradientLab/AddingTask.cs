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
    private readonly LongLagSetup _setup;
    private readonly Rng _rng;
    private readonly (Tensor Inputs, Tensor Targets) _test;

    public AddingTask(LongLagSetup setup, Rng rng)
    {
        (_setup, _rng) = (setup, rng);
        Model = new LongLagModel(setup.Cell, 2, setup.Hidden, 1, rng, setup.SpectralRadius, setup.ForgetBias);
        _test = AddingProblem.Batch(setup.Length, TestSequences, new Rng(setup.TestSeed));
    }

    public string Kind => TaskKind;
    public LongLagModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "seq";

    /// <summary>Test inputs (T, 1000, 2), for measuring the gradient flow on the task's own data.</summary>
    public Tensor TestInputs => _test.Inputs;

    public BatchLoss NextLoss()
    {
        var (x, y) = AddingProblem.Batch(_setup.Length, _setup.Batch, _rng);
        return new BatchLoss(Loss.MeanSquaredError(Predict(x), y), _setup.Batch);
    }

    private Variable Predict(Tensor x) => Ops.Reshape(Model.ForwardLast(x), x.Size(1));

    public Evaluation Evaluate()
    {
        double mse;
        using (Model.Inference()) mse = Loss.MeanSquaredError(Predict(_test.Inputs), _test.Targets).Value.Span[0];
        return new Evaluation(new Dictionary<string, double> { ["mse"] = mse }, "mse", HigherIsBetter: false,
            $"test mse {mse:F4} (predicting 1: {AddingProblem.BaselineMse:F3})");
    }

    public void SaveState(Checkpoint checkpoint) => checkpoint.Metadata["task_config"] = _setup.ToJson();

    public IEnumerable<string> Describe() { yield return $"adding problem: {Model.Cell}, T = {_setup.Length}, {Model.ParameterCount:N0} parameters"; }
}
