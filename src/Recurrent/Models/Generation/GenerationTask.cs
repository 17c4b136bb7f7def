using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Models.Generation;

/// <summary>
/// Conditional generation (one to many) as a training task: B windows of seq_len characters a step, each starting at
/// a random word start of a random training document (every word start equally likely), read from the start symbol
/// and the document's class; cross-entropy of every character; per-class perplexity on the validation documents. What
/// it saves beside the trainer's parts: <c>model_config</c>, <c>task_config</c>, <c>labels</c>, <c>vocabulary</c>,
/// <c>data_sha256</c>. The windows are drawn from the run's generator, which the trainer saves, so a resume continues exactly.
/// </summary>
public sealed class GenerationTask : ITrainingTask
{
    public const string TaskKind = "conditional-lm";

    private readonly Rng _rng;
    private readonly long[] _firstStart;      // _firstStart[d]: how many word starts precede document d
    private readonly int[] _inputs, _targets, _classes;

    public GenerationTask(ConditionalLanguageModelConfig model, GenerationData data, int batch, Rng rng)
    {
        Data = data;
        if (batch < 1) throw new ArgumentException($"--batch must be positive, got {batch}.");
        Model = new ConditionalLanguageModel(model with { VocabSize = data.Vocabulary.Count, Conditions = model.IsConditional ? data.Labels.Length : 0 }, rng);
        _rng = rng;
        _firstStart = new long[data.Train.Count + 1];
        for (int d = 0; d < data.Train.Count; d++) _firstStart[d + 1] = _firstStart[d] + data.Train[d].WordStarts.Length;
        if (_firstStart[^1] == 0) throw new InvalidDataException($"{data.Config.Data}: the training split has no text.");
        int T = data.Config.SeqLen;
        (_inputs, _targets, _classes) = (new int[T * batch], new int[T * batch], new int[batch]);
    }

    public string Kind => TaskKind;
    public ConditionalLanguageModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "tok";
    public GenerationData Data { get; }
    public int StartToken => Data.Vocabulary.StartToken;

    public BatchLoss NextLoss()
    {
        int T = Data.Config.SeqLen, B = _classes.Length, items = 0;
        for (int b = 0; b < B; b++)
        {
            // Every document has a word start (at 0), so _firstStart rises strictly and r falls in one document.
            long r = _rng.NextInt((int)Math.Min(_firstStart[^1], int.MaxValue));
            int d = Array.BinarySearch(_firstStart, r);
            d = d >= 0 ? d : ~d - 1;
            var doc = Data.Train[d];
            int start = doc.WordStarts[r - _firstStart[d]], length = Math.Min(T, doc.Tokens.Length - start);
            doc.FillWindow(start, length, T, b, B, StartToken, Loss.IgnoreIndex, _inputs, _targets);
            _classes[b] = doc.Class;
            items += length;
        }
        var logits = Model.Forward(_inputs, T, B, Model.Config.IsConditional ? Model.Condition(_classes) : null);
        return new BatchLoss(Loss.CrossEntropy(logits, _targets), items);
    }

    public Evaluation Evaluate() => ConditionalPerplexity.Evaluate(Model, Data.Validation, Data.Labels, Data.Config.SeqLen, StartToken);

    public IEnumerable<string> Describe()
    {
        yield return $"data: {Data.Description}; vocabulary {Data.Vocabulary.Count} characters";
        yield return $"classes: {string.Join(", ", Data.Labels)}";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
        yield return $"task: {JsonSerializer.Serialize(Data.Config)}";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Data.Config);
        checkpoint.Metadata["labels"] = JsonSerializer.Serialize(Data.Labels);
        checkpoint.Metadata["vocabulary"] = Data.Vocabulary.Serialize();
        checkpoint.Metadata["data_sha256"] = Data.Hash;
    }

    /// <summary>The task of a checkpoint, to continue training: the same data (checked by its hash) with the saved vocabulary.</summary>
    public static GenerationTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng, string brownDirectory)
    {
        var (model, config, labels, vocabulary) = ReadState(checkpoint, path);
        var data = GenerationData.Load(config, brownDirectory, vocabulary);
        if (checkpoint.Require("data_sha256", path) != data.Hash)
            throw new ArgumentException($"{path} was trained on different data than {config.Data} holds now; resume with the same data.");
        if (!labels.SequenceEqual(data.Labels)) throw new InvalidDataException($"{path}: its classes differ from the data's.");
        return new GenerationTask(model, data, batch, rng);
    }

    /// <summary>The model of a checkpoint (weights loaded, evaluation mode), its class names, vocabulary and task config.</summary>
    public static (ConditionalLanguageModel Model, string[] Labels, CharVocabulary Vocabulary, GenerationTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (config, taskConfig, labels, vocabulary) = ReadState(checkpoint, path);
        var model = checkpoint.Model(() => new ConditionalLanguageModel(config, new Rng(0)), path);
        return (model, labels, vocabulary, taskConfig);
    }

    /// <summary><see cref="Open(Checkpoint, string)"/> from a file, which must be a conditional language model's checkpoint.</summary>
    public static (ConditionalLanguageModel Model, string[] Labels, CharVocabulary Vocabulary, GenerationTaskConfig Config) Open(string path) =>
        Open(Checkpoint.Load(path, TaskKind), path);

    private static (ConditionalLanguageModelConfig, GenerationTaskConfig, string[], CharVocabulary) ReadState(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        var model = checkpoint.Json<ConditionalLanguageModelConfig>("model_config", path, c => c.Validate());
        var config = checkpoint.Json<GenerationTaskConfig>("task_config", path);
        var labels = checkpoint.Json<string[]>("labels", path);
        if (model.IsConditional && labels.Length != model.Conditions)
            throw new InvalidDataException($"{path}: {labels.Length} labels but the model has {model.Conditions} class embeddings.");
        var vocabulary = checkpoint.Parse("vocabulary", path, CharVocabulary.Parse);
        if (vocabulary.Count != model.VocabSize) throw new InvalidDataException($"{path}: the vocabulary has {vocabulary.Count} characters but the model expects {model.VocabSize}.");
        return (model, config, labels, vocabulary);
    }
}
