using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.Generation;

/// <summary>
/// Conditional language-model checkpoints (kind <c>conditional-lm</c>): scored on a split of their own data (per-class
/// perplexity), or on a file of labelled texts in the training data's format.
/// </summary>
public sealed class GenerationKind(string? brownDirectory = null) : ITaskKind
{
    public string BrownDirectory { get; } = brownDirectory ?? Path.Combine(AppContext.BaseDirectory, "data", "brown");

    public string Kind => GenerationTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => GenerationTask.Open(checkpoint, path).Model;

    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (model, labels, vocabulary, config) = GenerationTask.Open(checkpoint, path);
        var data = GenerationData.Load(request.DataPath is { } file ? config with { TestData = Path.GetFullPath(file) } : config, BrownDirectory, vocabulary);
        string split = request.DataPath is not null ? "test" : request.Split;
        IReadOnlyList<GenerationDocument> documents = split == "all" ? [.. data.Train, .. data.Validation, .. data.Test] : data.Split(split);
        var evaluation = ConditionalPerplexity.Evaluate(model, documents, labels, config.SeqLen, vocabulary.StartToken);
        return evaluation with { Summary = $"{request.DataPath ?? config.Data} ({split}, {documents.Count:N0} documents): {evaluation.Summary}" };
    }

    public string Describe(Checkpoint checkpoint) =>
        $"conditional language model over {checkpoint.Metadata.GetValueOrDefault("labels", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
