using Recurrent.Layers;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// What a task gives the one <see cref="Trainer"/> (the nanoGPT habit: the model returns its loss). A task is its model,
/// its data and its metrics; the trainer owns the loop, the optimizer, clipping, checkpoints and exact resume.
/// </summary>
public interface ITrainingTask
{
    /// <summary>The checkpoint kind ("lm", ...): checkpoints are <c>recurrent/KIND/1</c>, opened through <c>TaskRegistry</c>.</summary>
    string Kind { get; }

    /// <summary>The trainable model: its parameters are optimised and saved under <c>model.</c>.</summary>
    Module Model { get; }

    /// <summary>What one counted item is, for the speed display ("tok", "seq").</summary>
    string ItemUnit { get; }

    /// <summary>
    /// Fetches the next training batch and runs the forward pass in training mode: the scalar loss to backpropagate,
    /// and how many items it covers. Whatever the task carries from batch to batch (a detached state, a cursor) it
    /// updates here; the trainer stops the run if the loss is not finite, so nothing of a bad step is ever saved.
    /// </summary>
    BatchLoss NextLoss();

    /// <summary>Named metrics on the held-out data, in evaluation mode and without a graph.</summary>
    Evaluation Evaluate();

    /// <summary>
    /// Adds what only this task knows to a checkpoint: its model and data configuration, vocabulary, data cursor,
    /// carried state, data hash. The task's restore function reads them back.
    /// </summary>
    void SaveState(Checkpoint checkpoint);

    /// <summary>Lines that describe the data and the model, printed when a run starts.</summary>
    IEnumerable<string> Describe();
}
