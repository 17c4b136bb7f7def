using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>
/// A task written the way every task is: its model, its data, its metrics (token and sequence accuracy), its state in
/// the checkpoint (<c>task_config</c>). Nothing of the loop, the optimizer or the checkpoint format is written here.
/// </summary>
internal sealed class ReversalTask(ReversalConfig config, int batch, Rng rng) : ITrainingTask
{
    public const string TaskKind = "test-reversal";

    public string Kind => TaskKind;
    public ReversalModel Model { get; } = new(config, rng);
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "seq";

    public BatchLoss NextLoss()
    {
        var (x, y) = ReversalData.Batch(config.Length, config.Vocabulary, batch, rng);
        return new BatchLoss(Loss.CrossEntropy(Model.Forward(x, config.Length, batch), y), batch);
    }

    public Evaluation Evaluate() => Score(Model, config);

    /// <summary>Token accuracy (the primary), sequence accuracy and loss on the held-out set.</summary>
    public static Evaluation Score(ReversalModel model, ReversalConfig config)
    {
        var (x, y) = ReversalData.HeldOut(config);
        int T = config.Length, B = config.HeldOut, V = config.Vocabulary;
        bool wasTraining = model.Training;
        model.Training = false;
        using var noGrad = Variable.NoGrad();
        var logits = model.Forward(x, T, B);
        model.Training = wasTraining;
        var scores = logits.Value.Span;
        int correct = 0, sequences = 0;
        for (int b = 0; b < B; b++)
        {
            bool all = true;
            for (int t = 0; t < T; t++)
            {
                int row = t * B + b;
                bool right = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Slice(row * V, V)) == y[row];
                correct += right ? 1 : 0;
                all &= right;
            }
            sequences += all ? 1 : 0;
        }
        double accuracy = (double)correct / (T * B), loss = Loss.CrossEntropy(logits, y).Value.Span[0];
        var metrics = new Dictionary<string, double> { ["accuracy"] = accuracy, ["sequence_accuracy"] = (double)sequences / B, ["loss"] = loss };
        return new Evaluation(metrics, "accuracy", HigherIsBetter: true,
            $"token accuracy {accuracy:P1}, sequence accuracy {(double)sequences / B:P1}, loss {loss:F4} ({B} held-out sequences)");
    }

    public void SaveState(Checkpoint checkpoint) => checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(config);

    public IEnumerable<string> Describe() { yield return $"reversal: {JsonSerializer.Serialize(config)}, {Model.ParameterCount:N0} parameters"; }

    public static ReversalConfig ReadConfig(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        return JsonSerializer.Deserialize<ReversalConfig>(checkpoint.Require("task_config", path)) ?? throw new InvalidDataException($"{path}: unreadable task_config.");
    }

    public static ReversalTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng) => new(ReadConfig(checkpoint, path), batch, rng);
}
