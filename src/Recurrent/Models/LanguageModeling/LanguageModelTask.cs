using System.Globalization;
using System.Text.Json;
using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// Language modelling as a training task: next-token windows of a stream (truncated BPTT, the state carried window to
/// window or not), cross-entropy loss, and perplexity on the held-out stream. What it saves beside the trainer's parts:
/// <c>model_config</c>, <c>task_config</c>, <c>unit</c>, <c>vocabulary</c>, <c>data_cursor</c>, <c>text_sha256</c> and the
/// carried state <c>carry.h</c>, <c>carry.c</c>.
/// </summary>
public sealed class LanguageModelTask : ITrainingTask
{
    /// <summary>The checkpoint kind; <see cref="LegacyKind"/> is what checkpoints were called before word models existed.</summary>
    public const string TaskKind = "lm", LegacyKind = "char-lm";

    private readonly LanguageModelWindows _windows;
    private Variable? _carryHidden, _carryCell;

    public LanguageModelTask(LanguageModelConfig model, LanguageModelTaskConfig config, int batch, LanguageModelData data, Rng rng)
    {
        config.Validate();
        (Config, Data) = (config, data);
        Model = new LanguageModel(model with { VocabSize = data.Vocabulary.Count }, rng);
        _windows = config.Bptt == "random" ? new RandomWindows(data.Train, config.SeqLen, batch, rng)
                                           : new SequentialWindows(data.Train, config.SeqLen, batch);
    }

    public string Kind => TaskKind;
    public LanguageModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "tok";
    public LanguageModelTaskConfig Config { get; }
    public LanguageModelData Data { get; }
    public ITokenVocabulary Vocabulary => Data.Vocabulary;

    public BatchLoss NextLoss()
    {
        if (_windows.Next()) (_carryHidden, _carryCell) = (null, null);
        int T = _windows.Steps, B = _windows.Batch;
        var (logits, hidden, cell) = Model.Forward(_windows.Inputs, T, B, _carryHidden, _carryCell);
        // The carried state's values go on; the graph behind them is cut (truncated BPTT).
        if (Config.Bptt == "stateful") (_carryHidden, _carryCell) = (hidden.Detach(), cell?.Detach());
        return new BatchLoss(Loss.CrossEntropy(logits, _windows.Targets), T * B);
    }

    public Evaluation Evaluate() => Perplexity.Evaluate(Model, Data.Validation, Vocabulary, unseen: 0);

    public IEnumerable<string> Describe()
    {
        string u = Vocabulary.Unit == "char" ? "characters" : "tokens";
        yield return $"data: {Data.Description}; vocabulary {Vocabulary.Count:N0} {Vocabulary.Unit}s; train {Data.Train.Length:N0} {u}, validation {Data.Validation.Length:N0} {u}";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
        yield return $"task: {JsonSerializer.Serialize(Config)}";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Config);
        checkpoint.Metadata["unit"] = Vocabulary.Unit;
        checkpoint.Metadata["vocabulary"] = Vocabulary.Serialize();
        checkpoint.Metadata["data_cursor"] = _windows.Cursor.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["text_sha256"] = Data.Hash;
        if (_carryHidden is not null) checkpoint.Tensors["carry.h"] = _carryHidden.Value;
        if (_carryCell is not null) checkpoint.Tensors["carry.c"] = _carryCell.Value;
    }

    /// <summary>
    /// The task of a checkpoint, to continue training: <paramref name="data"/> rebuilds the same data with the checkpoint's
    /// vocabulary and task config (other data is refused by its hash); the cursor and the carried state are restored.
    /// </summary>
    public static LanguageModelTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng,
        Func<ITokenVocabulary, LanguageModelTaskConfig, LanguageModelData> data)
    {
        var (modelConfig, config, vocabulary) = ReadConfigs(checkpoint, path);
        var task = new LanguageModelTask(modelConfig, config, batch, data(vocabulary, config), rng);
        if (checkpoint.Require("text_sha256", path) != task.Data.Hash)
            throw new ArgumentException($"{path} was trained on a different text; resume with the same --text.");
        task._windows.Cursor = checkpoint.Parse("data_cursor", path, v => long.Parse(v, CultureInfo.InvariantCulture));
        var carry = checkpoint.Group("carry");
        if (carry.TryGetValue("h", out var h)) task._carryHidden = new Variable(h);
        if (carry.TryGetValue("c", out var c)) task._carryCell = new Variable(c);
        return task;
    }

    /// <summary>The model, vocabulary and task config of a checkpoint (weights loaded, evaluation mode), for sampling and scoring.</summary>
    public static (LanguageModel Model, ITokenVocabulary Vocabulary, LanguageModelTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (modelConfig, config, vocabulary) = ReadConfigs(checkpoint, path);
        if (vocabulary.Count != modelConfig.VocabSize)
            throw new InvalidDataException($"{path}: the vocabulary has {vocabulary.Count} {vocabulary.Unit}s but the model expects {modelConfig.VocabSize}.");
        var model = checkpoint.Model(() => new LanguageModel(modelConfig, new Rng(0)), path);
        return (model, vocabulary, config);
    }

    /// <summary><see cref="Open(Checkpoint, string)"/> from a file, which must be a language-model checkpoint (either kind name).</summary>
    public static (LanguageModel Model, ITokenVocabulary Vocabulary, LanguageModelTaskConfig Config) Open(string path) =>
        Open(Checkpoint.Load(path, TaskKind, LegacyKind), path);

    private static (LanguageModelConfig, LanguageModelTaskConfig, ITokenVocabulary) ReadConfigs(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind, LegacyKind);
        var modelConfig = checkpoint.Json<LanguageModelConfig>("model_config", path, c => c.Validate());
        // Before the task foundation, seq_len, bptt and val_fraction were part of training_config.
        string taskJson = checkpoint.Metadata.GetValueOrDefault("task_config") ?? checkpoint.Require("training_config", path);
        var config = Checkpoint.Json<LanguageModelTaskConfig>("task_config", taskJson, path);
        var vocabulary = checkpoint.Parse("vocabulary", path, v => TokenVocabularies.Parse(checkpoint.Metadata.GetValueOrDefault("unit", "char"), v));
        return (modelConfig, config, vocabulary);
    }
}
