using Recurrent.Models;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Models.LanguageModeling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Models.Tagging;
using Recurrent.Data;
using Recurrent.Serialization;
using Recurrent.Text;

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
    public Translator? Translator { get; init; }
    public ServedForecaster? Forecaster { get; init; }

    /// <summary>A language model's network and vocabulary, for looking inside it.</summary>
    public LanguageModel? LanguageModel { get; init; }
    public ITokenVocabulary? Vocabulary { get; init; }

    /// <summary>A seq2seq model's source text as its symbols: letters of a word (G2P), or the pairs' units.</summary>
    public Func<string, string[]>? SourceSymbols { get; init; }

    /// <summary>How a seq2seq model's output symbols are joined for reading: spaces, or nothing for characters.</summary>
    public string OutputSeparator { get; init; } = " ";

    public static LoadedModel Open(string path, string name)
    {
        var (kind, checkpoint) = TaskRegistry.Open(path);
        string description = kind.Describe(checkpoint);
        return kind.Kind switch
        {
            LanguageModelTask.TaskKind => FromLanguageModel(checkpoint, path, name, description),
            ClassificationTask.TaskKind => new LoadedModel { Name = name, Kind = kind.Kind, Description = description, Classifier = ClassificationTask.Open(checkpoint, path).Classifier },
            TaggingTask.TaskKind => new LoadedModel { Name = name, Kind = kind.Kind, Description = description, Tagger = TaggingTask.Open(checkpoint, path).Tagger },
            Seq2SeqTask.TaskKind => FromSeq2Seq(checkpoint, path, name, description),
            ForecastTask.TaskKind => FromForecaster(checkpoint, path, name, description),
            _ => throw new ArgumentException($"{path}: rnn serve does not serve '{kind.Kind}' checkpoints yet (language models, classifiers, taggers, seq2seq, forecasters)."),
        };
    }

    private static LoadedModel FromSeq2Seq(Checkpoint checkpoint, string path, string name, string description)
    {
        var (translator, config) = Seq2SeqTask.Open(checkpoint, path);
        Func<string, string[]> split = config.IsDictionary ? Seq2SeqData.Letters : text => SequencePairs.Split(text, config.Units);
        return new LoadedModel
        {
            Name = name, Kind = Seq2SeqTask.TaskKind, Description = description, Translator = translator, SourceSymbols = split,
            OutputSeparator = !config.IsDictionary && config.Units == "chars" ? "" : " ",
        };
    }

    private static LoadedModel FromLanguageModel(Checkpoint checkpoint, string path, string name, string description)
    {
        var (model, vocabulary, _) = LanguageModelTask.Open(checkpoint, path);
        return new LoadedModel
        {
            Name = name, Kind = LanguageModelTask.TaskKind, Description = description, Sampler = new Sampler(model, vocabulary),
            LanguageModel = model, Vocabulary = vocabulary,
        };
    }

    private static LoadedModel FromForecaster(Checkpoint checkpoint, string path, string name, string description)
    {
        var (forecaster, config) = ForecastTask.Open(checkpoint, path);
        return new LoadedModel { Name = name, Kind = ForecastTask.TaskKind, Description = description, Forecaster = new ServedForecaster(forecaster, config) };
    }
}
