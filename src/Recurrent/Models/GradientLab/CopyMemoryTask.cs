using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The copy-memory task as a training task: fresh batches every step, cross-entropy over every step, and on a fixed
/// test set of 1,000 sequences the accuracy on the 10 recalled symbols (the primary metric) and the loss per step.
/// </summary>
public sealed class CopyMemoryTask : ITrainingTask
{
    public const string TaskKind = "lab-copy";
    private const int TestSequences = 1000;
    private readonly LongLagSetup _setup;
    private readonly Rng _rng;
    private readonly (Tensor Inputs, int[] Targets) _test;

    public CopyMemoryTask(LongLagSetup setup, Rng rng)
    {
        (_setup, _rng) = (setup, rng);
        Model = new LongLagModel(setup.Cell, CopyMemory.InputSize, setup.Hidden, CopyMemory.Classes, rng, setup.SpectralRadius, setup.ForgetBias);
        _test = CopyMemory.Batch(setup.Length, TestSequences, new Rng(setup.TestSeed));
    }

    public string Kind => TaskKind;
    public LongLagModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "seq";

    public BatchLoss NextLoss()
    {
        var (x, y) = CopyMemory.Batch(_setup.Length, _setup.Batch, _rng);
        return new BatchLoss(Loss.CrossEntropy(Model.ForwardEveryStep(x), y), _setup.Batch);
    }

    public Evaluation Evaluate()
    {
        double loss, accuracy;
        using (Model.Inference())
        {
            var logits = Model.ForwardEveryStep(_test.Inputs);
            loss = Loss.CrossEntropy(logits, _test.Targets).Value.Span[0];
            accuracy = RecallAccuracy(logits.Value, _test.Targets, TestSequences);
        }
        return new Evaluation(new Dictionary<string, double> { ["accuracy"] = accuracy, ["loss"] = loss }, "accuracy", HigherIsBetter: true,
            $"recall accuracy {accuracy:F4} (guessing: {CopyMemory.BaselineAccuracy:F3}), loss {loss:F4} (memoryless: {CopyMemory.BaselineLoss(_setup.Length):F4})");
    }

    /// <summary>The fraction of the last 10 steps' symbols predicted right (argmax over the logits (T·B, 9)).</summary>
    public static double RecallAccuracy(Tensor logits, int[] targets, int batch)
    {
        int rows = targets.Length, first = rows - CopyMemory.Remember * batch, right = 0;
        var z = logits.Span;
        for (int r = first; r < rows; r++)
            if (TensorPrimitives.IndexOfMax(z.Slice(r * CopyMemory.Classes, CopyMemory.Classes)) == targets[r]) right++;
        return (double)right / (rows - first);
    }

    public void SaveState(Checkpoint checkpoint) => checkpoint.Metadata["task_config"] = _setup.ToJson();

    public IEnumerable<string> Describe() { yield return $"copy memory: {Model.Cell}, delay T = {_setup.Length}, {Model.ParameterCount:N0} parameters"; }
}
