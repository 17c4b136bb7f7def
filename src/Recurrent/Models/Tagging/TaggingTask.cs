using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Tagging;

/// <summary>
/// Tagging as a training task: length-bucketed batches of training sentences, the tagger's loss over real tokens only
/// (cross-entropy, padding carrying the ignore index, or the CRF's negative log-likelihood), and token accuracy (the primary metric) and unseen-word accuracy on the
/// validation split. Saved beside the trainer's parts: <c>model_config</c>, <c>task_config</c>, <c>tags</c>,
/// <c>vocabulary</c>, <c>chars</c>, <c>shuffle_seed</c>, <c>data_cursor</c>, <c>data_sha256</c>.
/// </summary>
public sealed class TaggingTask : ITrainingTask
{
    public const string TaskKind = "tagger";
    private readonly PaddedBatches _batches;
    private readonly ulong _shuffleSeed;

    private TaggingTask(TaggerConfig model, TaggingData data, int batch, Rng rng, TokenVocabulary? words, TokenVocabulary? chars, ulong? shuffleSeed)
    {
        Data = data;
        words ??= TokenVocabulary.FromTokens("word", data.Train.SelectMany(s => s.Tokens).Select(w => w.ToLowerInvariant()), data.Config.MinCount, data.Config.MaxVocab);
        chars ??= TokenVocabulary.FromTokens("char", data.Train.SelectMany(s => s.Tokens).SelectMany(w => w.EnumerateRunes().Select(r => r.ToString())), 1, int.MaxValue);
        model = model with { VocabSize = words.Count, CharVocabSize = chars.Count, Tags = data.Tags.Length };
        Tagger = new Tagger(new SequenceTagger(model, rng), words, chars, data.Tags);
        _shuffleSeed = shuffleSeed ?? ((ulong)rng.NextUInt() << 32 | rng.NextUInt());
        var tagIds = data.Tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        _batches = new PaddedBatches(data.Train.Select(s => Tagger.Encode(s.Tokens)).ToList(), batch, TokenVocabulary.Padding, BatchOrder.Shuffled,
            new Rng(_shuffleSeed), stepLabels: data.Train.Select(s => s.Tags.Select(t => tagIds[t]).ToArray()).ToList());
    }

    /// <summary>A fresh task: vocabularies from the training split, a new model.</summary>
    public TaggingTask(TaggerConfig model, TaggingData data, int batch, Rng rng) : this(model, data, batch, rng, null, null, null) { }

    public string Kind => TaskKind;
    public Tagger Tagger { get; }
    public SequenceTagger Model => Tagger.Model;
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "sent";
    public TaggingData Data { get; }

    public BatchLoss NextLoss()
    {
        var b = _batches.Next();
        var input = Tagger.Input(b.Steps, b.Ids, b.Lengths, [.. b.SourceIndices.Select(i => Data.Train[i].Tokens)]);
        return new BatchLoss(Model.Loss(input, b.StepLabels!), b.Size);
    }

    public Evaluation Evaluate() => Evaluation(Tagger, Data.Validation, "validation");

    /// <summary>Token accuracy (primary), unseen-word and sentence accuracy of a tagger on some sentences.</summary>
    public static Evaluation Evaluation(Tagger tagger, IReadOnlyList<TaggedSentence> sentences, string name)
    {
        var scores = TaggingScores.Of(tagger, sentences, tagger.IsKnown);
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = scores.Accuracy, ["unseen_accuracy"] = scores.UnseenAccuracy, ["sentence_accuracy"] = scores.SentenceAccuracy,
        };
        return new Evaluation(metrics, "accuracy", HigherIsBetter: true, $"{scores.Summary()} ({sentences.Count:N0} {name} sentences)");
    }

    public IEnumerable<string> Describe()
    {
        yield return $"data: {Data.Config.Data}, {Data.Config.Tagset} tags ({Data.Tags.Length}); train {Data.Train.Count:N0}, validation {Data.Validation.Count:N0}, " +
            $"test {Data.Test.Count:N0} sentences; vocabulary {Tagger.Words.Count:N0} words, {Tagger.Chars.Count:N0} characters";
        yield return $"batches: padding efficiency {_batches.PaddingEfficiency():P0} (real tokens / padded slots, bucketed by length)";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Data.Config);
        checkpoint.Metadata["tags"] = JsonSerializer.Serialize(Tagger.Tags);
        checkpoint.Metadata["vocabulary"] = Tagger.Words.Serialize();
        checkpoint.Metadata["chars"] = Tagger.Chars.Serialize();
        checkpoint.Metadata["shuffle_seed"] = _shuffleSeed.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["data_cursor"] = _batches.Cursor.ToString();
        checkpoint.Metadata["data_sha256"] = Data.Hash;
    }

    /// <summary>The task of a checkpoint, to continue training on the same data (refused by hash otherwise).</summary>
    public static TaggingTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng, string bundledBrown)
    {
        var (model, config, tags, words, chars) = ReadState(checkpoint, path);
        var data = TaggingData.Load(config, bundledBrown);
        if (checkpoint.Require("data_sha256", path) != data.Hash)
            throw new ArgumentException($"{path} was trained on different data than {config.Data} holds now; resume with the same data.");
        if (!tags.SequenceEqual(data.Tags)) throw new InvalidDataException($"{path}: its tags differ from the data's.");
        var task = new TaggingTask(model, data, batch, rng, words, chars, checkpoint.Parse("shuffle_seed", path, v => ulong.Parse(v, CultureInfo.InvariantCulture)));
        task._batches.Cursor = checkpoint.Parse("data_cursor", path, BatchCursor.Parse);
        return task;
    }

    /// <summary>The tagger of a checkpoint (weights loaded, evaluation mode) and its task config.</summary>
    public static (Tagger Tagger, TaggingTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (model, config, tags, words, chars) = ReadState(checkpoint, path);
        var network = checkpoint.Model(() => new SequenceTagger(model, new Rng(0)), path);
        return (new Tagger(network, words, chars, tags), config);
    }

    public static (Tagger Tagger, TaggingTaskConfig Config) Open(string path) => Open(Checkpoint.Load(path, TaskKind), path);

    private static (TaggerConfig, TaggingTaskConfig, string[], TokenVocabulary, TokenVocabulary) ReadState(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        var model = checkpoint.Json<TaggerConfig>("model_config", path, c => c.Validate());
        var config = checkpoint.Json<TaggingTaskConfig>("task_config", path);
        var tags = checkpoint.Json<string[]>("tags", path);
        if (tags.Length != model.Tags) throw new InvalidDataException($"{path}: {tags.Length} tags but the model has {model.Tags} outputs.");
        var words = checkpoint.Parse("vocabulary", path, v => TokenVocabulary.Parse("word", v));
        var chars = checkpoint.Parse("chars", path, v => TokenVocabulary.Parse("char", v));
        if (words.Count != model.VocabSize || chars.Count != model.CharVocabSize)
            throw new InvalidDataException($"{path}: the vocabularies ({words.Count} words, {chars.Count} characters) do not match the model ({model.VocabSize}, {model.CharVocabSize}).");
        return (model, config, tags, words, chars);
    }
}
