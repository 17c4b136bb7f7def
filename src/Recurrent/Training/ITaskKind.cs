using Recurrent.Layers;
using Recurrent.Serialization;

namespace Recurrent.Training;

/// <summary>
/// A kind of checkpoint and what can be done with one without its training run: open the model, evaluate it on data,
/// describe it. Registered in <c>Models.TaskRegistry</c>, so <c>rnn eval</c>, <c>rnn params</c> (and the coming export)
/// open any checkpoint.
/// </summary>
public interface ITaskKind
{
    /// <summary>The kind written in checkpoints (<c>recurrent/KIND/1</c>).</summary>
    string Kind { get; }

    /// <summary>Older names of this kind that it still reads.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The checkpoint's model with its weights, in evaluation mode.</summary>
    Module OpenModel(Checkpoint checkpoint, string path);

    /// <summary>
    /// The task's evaluation of the checkpoint's model on <see cref="EvaluationRequest.DataPath"/> (or the data the task
    /// makes itself), part <see cref="EvaluationRequest.Split"/>; its summary is one line naming the data.
    /// </summary>
    Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request);

    /// <summary>A line about the checkpoint beyond its parameters: vocabulary, labels, steps trained.</summary>
    string Describe(Checkpoint checkpoint);
}
