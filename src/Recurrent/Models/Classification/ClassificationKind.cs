using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// The classifier's entry in the registry: how <c>rnn eval</c> and <c>rnn params</c> open its checkpoints. A checkpoint
/// trained on "brown" reads the corpus from <c>data/brown</c> beside the application unless told otherwise.
/// </summary>
public sealed class ClassificationKind(string? brownDirectory = null) : ITaskKind
{
    public string BrownDirectory { get; } = brownDirectory ?? Path.Combine(AppContext.BaseDirectory, "data", "brown");

    public string Kind => ClassificationTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => ClassificationTask.Open(checkpoint, path).Classifier.Model;

    /// <summary>The model on a file of examples (all of it), or on a split of its own training data.</summary>
    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (classifier, config) = ClassificationTask.Open(checkpoint, path);
        var (examples, name) = Examples(config, request, BrownDirectory);
        return ClassificationTask.Evaluation(classifier, examples, name);
    }

    /// <summary>The examples a request names: every example of its file, or the split of the checkpoint's data.</summary>
    public static (IReadOnlyList<ClassificationExample> Examples, string Name) Examples(ClassificationTaskConfig config, EvaluationRequest request, string brownDirectory)
    {
        if (request.DataPath is { } file)
            return (ClassificationData.Read(config with { Data = file, Format = "" }, file), file);
        var data = ClassificationData.Load(config, brownDirectory);
        return (request.Split == "all" ? [.. data.Train, .. data.Validation, .. data.Test] : data.Split(request.Split), request.Split);
    }

    public string Describe(Checkpoint checkpoint) =>
        $"sequence classifier over {checkpoint.Metadata.GetValueOrDefault("labels", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
