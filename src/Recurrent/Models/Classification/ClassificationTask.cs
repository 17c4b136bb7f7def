using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Classification;

/// <summary>
/// Sequence classification as a training task: length-bucketed batches of the training split, (class-weighted)
/// cross-entropy of the pooled logits, and accuracy (the primary metric), macro-F1 and loss on the validation split.
/// What it saves beside the trainer's parts: <c>model_config</c>, <c>task_config</c>, <c>labels</c>, <c>unit</c> and
/// <c>vocabulary</c> (texts) or <c>input.mean</c>, <c>input.std</c> (numeric), <c>shuffle_seed</c>, <c>data_cursor</c>
/// and <c>data_sha256</c>.
/// </summary>
public sealed class ClassificationTask : ITrainingTask
{
    public const string TaskKind = "classifier";

    private readonly PaddedBatches? _tokenBatches;
    private readonly FeatureBatches? _featureBatches;
    private readonly float[]? _classWeights;
    private readonly ulong _shuffleSeed;
    private readonly int _truncated;         // training examples cut to max_length

    // shuffleSeed: the batch order's seed, drawn from rng for a fresh run, the checkpoint's on resume.
    private ClassificationTask(ClassifierConfig model, ClassificationData data, int batch, Rng rng,
        TokenVocabulary? vocabulary, FeatureScaling? scaling, ulong? shuffleSeed)
    {
        var config = data.Config;
        Data = data;
        if (data.IsNumeric) scaling ??= FeatureScaling.Fit(data.Train.Select(e => e.Values!), data.Features);
        else vocabulary ??= TokenVocabulary.Build(config.Unit, data.Train.Select(e => e.Text!), config.MinCount, config.MaxVocab);
        model = model with { VocabSize = vocabulary?.Count ?? 0, Features = data.Features, Classes = data.Labels.Length };
        Classifier = new Classifier(new SequenceClassifier(model, rng), data.Labels, vocabulary, scaling, config.MaxLength);
        _shuffleSeed = shuffleSeed ?? ((ulong)rng.NextUInt() << 32 | rng.NextUInt());
        var labels = data.Train.Select(e => data.ClassOf(e.Label)).ToArray();
        if (vocabulary is not null)
        {
            var ids = new List<int[]>(data.Train.Count);
            foreach (var e in data.Train)
            {
                ids.Add(Classifier.EncodeText(e.Text!, e.Source, out bool cut));
                if (cut) _truncated++;
            }
            _tokenBatches = new PaddedBatches(ids, batch, TokenVocabulary.Padding, BatchOrder.Shuffled, new Rng(_shuffleSeed), labels);
        }
        else
        {
            _truncated = data.Train.Count(e => e.Steps > config.MaxLength);
            _featureBatches = new FeatureBatches(data.Train.Select(e => Classifier.EncodeValues(e.Values!, e.Features, e.Source)).ToList(),
                data.Features, batch, BatchOrder.Shuffled, new Rng(_shuffleSeed), labels);
        }
        if (config.ClassWeights == "balanced")
        {
            // w_c = N / (C · n_c): each class weighs as much in the loss as if the classes were balanced.
            var counts = data.ClassCounts(data.Train);
            _classWeights = counts.Select(n => (float)((double)data.Train.Count / (counts.Length * n))).ToArray();
        }
    }

    /// <summary>A fresh task on <paramref name="data"/>: the vocabulary (or scaling) from its training split, a new model.</summary>
    public ClassificationTask(ClassifierConfig model, ClassificationData data, int batch, Rng rng) : this(model, data, batch, rng, null, null, null) { }

    public string Kind => TaskKind;
    public Classifier Classifier { get; }
    public SequenceClassifier Model => Classifier.Model;
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "seq";
    public ClassificationData Data { get; }

    /// <summary>The batch order's position: (epoch, batches handed out).</summary>
    public BatchCursor Cursor => _tokenBatches?.Cursor ?? _featureBatches!.Cursor;

    public BatchLoss NextLoss()
    {
        ClassifierInput input;
        int[] labels;
        if (_tokenBatches is not null) { var b = _tokenBatches.Next(); (input, labels) = (ClassifierInput.Of(b), b.Labels!); }
        else { var b = _featureBatches!.Next(); (input, labels) = (ClassifierInput.Of(b), b.Labels!); }
        return new BatchLoss(Loss.CrossEntropy(Model.Forward(input), labels, weights: _classWeights), input.Size);
    }

    public Evaluation Evaluate() => Evaluation(Classifier, Data.Validation, "validation");

    /// <summary>Accuracy (primary), macro-F1 and loss of a classifier on some examples.</summary>
    public static Evaluation Evaluation(Classifier classifier, IReadOnlyList<ClassificationExample> examples, string name)
    {
        var (scores, loss) = classifier.Score(examples);
        var metrics = new Dictionary<string, double> { ["accuracy"] = scores.Accuracy, ["macro_f1"] = scores.MacroF1, ["loss"] = loss };
        return new Evaluation(metrics, "accuracy", HigherIsBetter: true, $"{scores.Line}  loss {loss:F4} ({examples.Count:N0} {name} examples)");
    }

    public IEnumerable<string> Describe()
    {
        var config = Data.Config;
        var counts = Data.ClassCounts(Data.Train);
        string input = Classifier.Vocabulary is { } v ? $"vocabulary {v.Count:N0} {v.Unit}s" : $"{Data.Features} features a step (standardised)";
        yield return $"data: {config.Data} ({config.ResolvedFormat}); {Data.Labels.Length} classes; train {Data.Train.Count:N0}, validation {Data.Validation.Count:N0}, test {Data.Test.Count:N0} examples; {input}";
        yield return $"classes (training examples): {string.Join(", ", Data.Labels.Select((l, c) => $"{l} {counts[c]}"))}";
        if (_truncated > 0) yield return $"{_truncated:N0} training examples cut to --max-length {config.MaxLength}";
        if (_tokenBatches is not null) yield return $"batches: padding efficiency {_tokenBatches.PaddingEfficiency():P0} (real tokens / padded slots, bucketed by length)";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
        yield return $"task: {JsonSerializer.Serialize(config)}";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Data.Config);
        checkpoint.Metadata["labels"] = JsonSerializer.Serialize(Classifier.Labels);
        if (Classifier.Vocabulary is { } v)
        {
            checkpoint.Metadata["unit"] = v.Unit;
            checkpoint.Metadata["vocabulary"] = v.Serialize();
        }
        if (Classifier.Scaling is { } s)
        {
            checkpoint.Tensors["input.mean"] = Tensor.FromArray((float[])s.Mean.Clone(), s.Features);
            checkpoint.Tensors["input.std"] = Tensor.FromArray((float[])s.Std.Clone(), s.Features);
        }
        checkpoint.Metadata["shuffle_seed"] = _shuffleSeed.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["data_cursor"] = Cursor.ToString();
        checkpoint.Metadata["data_sha256"] = Data.Hash;
    }

    /// <summary>
    /// The task of a checkpoint, to continue training: the data is read again by the saved task config (other data is
    /// refused by its hash), with the saved vocabulary or scaling, batch order and cursor.
    /// </summary>
    public static ClassificationTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng, string brownDirectory)
    {
        var (model, config, labels, vocabulary, scaling) = ReadState(checkpoint, path);
        var data = ClassificationData.Load(config, brownDirectory);
        if (checkpoint.Require("data_sha256", path) != data.Hash)
            throw new ArgumentException($"{path} was trained on different data than {config.Data} holds now; resume with the same data.");
        if (!labels.SequenceEqual(data.Labels)) throw new InvalidDataException($"{path}: its classes differ from the data's.");
        var task = new ClassificationTask(model, data, batch, rng, vocabulary, scaling,
            checkpoint.Parse("shuffle_seed", path, v => ulong.Parse(v, CultureInfo.InvariantCulture)));
        var cursor = checkpoint.Parse("data_cursor", path, BatchCursor.Parse);
        if (task._tokenBatches is not null) task._tokenBatches.Cursor = cursor; else task._featureBatches!.Cursor = cursor;
        return task;
    }

    /// <summary>The classifier of a checkpoint (weights loaded, evaluation mode) and its task config.</summary>
    public static (Classifier Classifier, ClassificationTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (model, config, labels, vocabulary, scaling) = ReadState(checkpoint, path);
        var network = checkpoint.Model(() => new SequenceClassifier(model, new Rng(0)), path);
        return (new Classifier(network, labels, vocabulary, scaling, config.MaxLength), config);
    }

    /// <summary><see cref="Open(Checkpoint, string)"/> from a file, which must be a classifier checkpoint.</summary>
    public static (Classifier Classifier, ClassificationTaskConfig Config) Open(string path) => Open(Checkpoint.Load(path, TaskKind), path);

    private static (ClassifierConfig, ClassificationTaskConfig, string[], TokenVocabulary?, FeatureScaling?) ReadState(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        var model = checkpoint.Json<ClassifierConfig>("model_config", path, c => c.Validate());
        var config = checkpoint.Json<ClassificationTaskConfig>("task_config", path);
        var labels = checkpoint.Json<string[]>("labels", path);
        if (labels.Length != model.Classes) throw new InvalidDataException($"{path}: {labels.Length} labels but the model has {model.Classes} outputs.");
        TokenVocabulary? vocabulary = null;
        FeatureScaling? scaling = null;
        if (model.ReadsTokens)
        {
            vocabulary = checkpoint.Parse("vocabulary", path, v => TokenVocabulary.Parse(checkpoint.Require("unit", path), v));
            if (vocabulary.Count != model.VocabSize) throw new InvalidDataException($"{path}: the vocabulary has {vocabulary.Count} tokens but the model expects {model.VocabSize}.");
        }
        else
        {
            var input = checkpoint.Group("input");
            if (!input.TryGetValue("mean", out var mean) || !input.TryGetValue("std", out var std) || mean.Length != model.Features || std.Length != model.Features)
                throw new InvalidDataException($"{path}: no input scaling (input.mean, input.std) for {model.Features} features.");
            scaling = new FeatureScaling(mean.Span.ToArray(), std.Span.ToArray());
        }
        return (model, config, labels, vocabulary, scaling);
    }
}
