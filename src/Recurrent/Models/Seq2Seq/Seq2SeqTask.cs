using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Sequence to sequence as a training task: length-bucketed, shuffled pairs (<see cref="PairBatches"/>), the
/// teacher-forced loss, and greedy decoding of the validation examples scored by sequence error rate (primary: WER
/// for G2P) and token error rate. Saved beside the trainer's parts: <c>model_config</c>, <c>task_config</c>,
/// <c>source_symbols</c>, <c>target_symbols</c>, <c>shuffle_seed</c>, <c>data_cursor</c>, <c>data_sha256</c>.
/// </summary>
public sealed class Seq2SeqTask : ITrainingTask
{
    public const string TaskKind = "seq2seq";
    private readonly PairBatches _batches;
    private readonly ulong _shuffleSeed;

    private Seq2SeqTask(Seq2SeqConfig model, Seq2SeqData data, int batch, Rng rng, Symbols? source, Symbols? target, ulong? shuffleSeed)
    {
        Data = data;
        source ??= Symbols.From("source", data.Train.Select(p => p.Source));
        target ??= Symbols.From("target", data.Train.Select(p => p.Target));
        model = model with { SourceVocab = source.Count, TargetVocab = target.Count };
        Translator = new Translator(new Seq2SeqModel(model, rng), source, target);
        _shuffleSeed = shuffleSeed ?? ((ulong)rng.NextUInt() << 32 | rng.NextUInt());
        _batches = new PairBatches([.. data.Train.Select(p => source.Encode(p.Source))], [.. data.Train.Select(p => target.Encode(p.Target))], batch,
            Symbols.Start, Symbols.End, Symbols.Padding, BatchOrder.Shuffled, new Rng(_shuffleSeed));
    }

    /// <summary>A fresh task: symbols from the training pairs, a new model.</summary>
    public Seq2SeqTask(Seq2SeqConfig model, Seq2SeqData data, int batch, Rng rng) : this(model, data, batch, rng, null, null, null) { }

    public string Kind => TaskKind;
    public Translator Translator { get; }
    public Seq2SeqModel Model => Translator.Model;
    Module ITrainingTask.Model => Model;
    public string ItemUnit => "pair";
    public Seq2SeqData Data { get; }

    public BatchLoss NextLoss()
    {
        var batch = _batches.Next();
        return new BatchLoss(Model.Loss(batch), batch.Size);
    }

    public Evaluation Evaluate() => Evaluation(Translator, Data.Validation, "validation", Data.Config.IsDictionary);

    /// <summary>
    /// Greedy outputs of the examples: sequence error rate (primary) and token error rate; for a pronouncing dictionary
    /// named WER and PER, and also scored without stress digits.
    /// </summary>
    public static Evaluation Evaluation(Translator translator, IReadOnlyList<Seq2SeqExample> examples, string name, bool dictionary)
    {
        var outputs = translator.Greedy([.. examples.Select(e => e.Source)]);
        var scores = SequenceScores.Of(examples, outputs);
        if (!dictionary)
            return new Evaluation(new Dictionary<string, double> { ["sequence_error"] = scores.SequenceErrorRate, ["token_error"] = scores.TokenErrorRate },
                "sequence_error", HigherIsBetter: false, $"{scores.Summary("sequence error", "token error")}, {examples.Count:N0} {name} sources");
        var plain = SequenceScores.Of(examples, outputs, ignoreDigits: true);
        var metrics = new Dictionary<string, double>
        {
            ["wer"] = scores.SequenceErrorRate, ["per"] = scores.TokenErrorRate, ["wer_no_stress"] = plain.SequenceErrorRate, ["per_no_stress"] = plain.TokenErrorRate,
        };
        return new Evaluation(metrics, "wer", HigherIsBetter: false, $"{scores.Summary()} (without stress {plain.Summary()}), {examples.Count:N0} {name} words");
    }

    public IEnumerable<string> Describe()
    {
        yield return $"data: {Data.Config.Name}{(Data.Config.IsDictionary && !Data.Config.Stress ? ", stress removed" : "")}; train {Data.Train.Count:N0} pairs, " +
            $"validation {Data.Validation.Count:N0}, test {Data.Test.Count:N0} sources; {Translator.Source.Count - Symbols.Reserved} source and {Translator.Target.Count - Symbols.Reserved} target symbols";
        yield return $"batches: padding efficiency {_batches.PaddingEfficiency():P0} (bucketed by source length)";
        yield return $"model: {JsonSerializer.Serialize(Model.Config)}, {Model.ParameterCount:N0} parameters";
    }

    public void SaveState(Checkpoint checkpoint)
    {
        checkpoint.Metadata["model_config"] = JsonSerializer.Serialize(Model.Config);
        checkpoint.Metadata["task_config"] = JsonSerializer.Serialize(Data.Config);
        checkpoint.Metadata["source_symbols"] = Translator.Source.Serialize();
        checkpoint.Metadata["target_symbols"] = Translator.Target.Serialize();
        checkpoint.Metadata["shuffle_seed"] = _shuffleSeed.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["data_cursor"] = _batches.Cursor.ToString();
        checkpoint.Metadata["data_sha256"] = Data.Hash;
    }

    /// <summary>The task of a checkpoint, to continue training on the same data (refused by hash otherwise).</summary>
    public static Seq2SeqTask Restore(Checkpoint checkpoint, string path, int batch, Rng rng, string bundledDictionary)
    {
        var (model, config, source, target) = ReadState(checkpoint, path);
        var data = Seq2SeqData.Load(config, bundledDictionary);
        if (checkpoint.Require("data_sha256", path) != data.Hash)
            throw new ArgumentException($"{path} was trained on different data than {config.Name} holds now; resume with the same data.");
        var task = new Seq2SeqTask(model, data, batch, rng, source, target, checkpoint.Parse("shuffle_seed", path, v => ulong.Parse(v, CultureInfo.InvariantCulture)));
        task._batches.Cursor = checkpoint.Parse("data_cursor", path, BatchCursor.Parse);
        return task;
    }

    /// <summary>The translator of a checkpoint (weights loaded, evaluation mode) and its task config.</summary>
    public static (Translator Translator, Seq2SeqTaskConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var (model, config, source, target) = ReadState(checkpoint, path);
        var network = checkpoint.Model(() => new Seq2SeqModel(model, new Rng(0)), path);
        return (new Translator(network, source, target), config);
    }

    public static (Translator Translator, Seq2SeqTaskConfig Config) Open(string path) => Open(Checkpoint.Load(path, TaskKind), path);

    private static (Seq2SeqConfig, Seq2SeqTaskConfig, Symbols, Symbols) ReadState(Checkpoint checkpoint, string path)
    {
        checkpoint.RequireKind(path, TaskKind);
        var model = checkpoint.Json<Seq2SeqConfig>("model_config", path, c => c.Validate());
        var config = checkpoint.Json<Seq2SeqTaskConfig>("task_config", path);
        var source = Symbols.Parse("source", checkpoint.Require("source_symbols", path), path);
        var target = Symbols.Parse("target", checkpoint.Require("target_symbols", path), path);
        if (source.Count != model.SourceVocab || target.Count != model.TargetVocab)
            throw new InvalidDataException($"{path}: the symbols ({source.Count} source, {target.Count} target) do not match the model ({model.SourceVocab}, {model.TargetVocab}).");
        return (model, config, source, target);
    }
}
