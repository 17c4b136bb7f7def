using Recurrent.Models;
using Recurrent.Models.Classification;
using Recurrent.Models.LanguageModeling;
using Recurrent.Models.Tagging;
using Recurrent.Serialization;

namespace Recurrent.Cli.Serving;

/// <summary>
/// A checkpoint loaded for serving, under a name (its file name without extension, made unique): its kind and the
/// task API that answers requests. The task APIs are safe to call from many requests at once (docs/reliability.md).
/// </summary>
internal sealed class LoadedModel
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Description { get; init; }
    public Sampler? Sampler { get; init; }
    public Classifier? Classifier { get; init; }
    public Tagger? Tagger { get; init; }

    public static LoadedModel Open(string path, string name)
    {
        var (kind, checkpoint) = TaskRegistry.Open(path);
        string description = kind.Describe(checkpoint);
        return kind.Kind switch
        {
            LanguageModelTask.TaskKind => FromLanguageModel(checkpoint, path, name, description),
            ClassificationTask.TaskKind => new LoadedModel { Name = name, Kind = kind.Kind, Description = description, Classifier = ClassificationTask.Open(checkpoint, path).Classifier },
            TaggingTask.TaskKind => new LoadedModel { Name = name, Kind = kind.Kind, Description = description, Tagger = TaggingTask.Open(checkpoint, path).Tagger },
            _ => throw new ArgumentException($"{path}: rnn serve does not serve '{kind.Kind}' checkpoints yet (language models, classifiers and taggers)."),
        };
    }

    private static LoadedModel FromLanguageModel(Checkpoint checkpoint, string path, string name, string description)
    {
        var (model, vocabulary, _) = LanguageModelTask.Open(checkpoint, path);
        return new LoadedModel { Name = name, Kind = LanguageModelTask.TaskKind, Description = description, Sampler = new Sampler(model, vocabulary) };
    }
}
