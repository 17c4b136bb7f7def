using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.Tagging;

/// <summary>The tagger checkpoint kind: <c>rnn eval</c> and <c>rnn params</c> open it.</summary>
public sealed class TaggingKind(string? brownDirectory = null) : ITaskKind
{
    public string BrownDirectory { get; } = brownDirectory ?? Path.Combine(AppContext.BaseDirectory, "data", "brown");
    public string Kind => TaggingTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => TaggingTask.Open(checkpoint, path).Tagger.Model;

    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (tagger, config) = TaggingTask.Open(checkpoint, path);
        var (sentences, name) = Sentences(config, request.DataPath, request.Split, BrownDirectory);
        return TaggingTask.Evaluation(tagger, sentences, name);
    }

    /// <summary>A CoNLL file's sentences (all of them), or a split of the checkpoint's own data.</summary>
    public static (List<TaggedSentence> Sentences, string Name) Sentences(TaggingTaskConfig config, string? file, string split, string brownDirectory)
    {
        if (file is not null) return (ConllColumns.Read(file, 0, ^1).ToList(), file);
        var data = TaggingData.Load(config, brownDirectory);
        return (split switch
        {
            "train" => data.Train,
            "val" => data.Validation,
            "test" => data.Test,
            _ => throw new ArgumentException($"--split must be train, val or test, got '{split}'."),
        }, split);
    }

    public string Describe(Checkpoint checkpoint) =>
        $"sequence tagger over {checkpoint.Metadata.GetValueOrDefault("tags", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
