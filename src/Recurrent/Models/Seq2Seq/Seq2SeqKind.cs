using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.Seq2Seq;

/// <summary>The encoder-decoder checkpoint kind: <c>rnn eval</c> and <c>rnn params</c> open it.</summary>
public sealed class Seq2SeqKind(string? bundledDictionary = null) : ITaskKind
{
    public string BundledDictionary { get; } = bundledDictionary ?? Path.Combine(AppContext.BaseDirectory, "data", "cmudict", "dict.txt");
    public string Kind => Seq2SeqTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => Seq2SeqTask.Open(checkpoint, path).Translator.Model;

    /// <summary>Greedy decoding of a file (every source), or of the checkpoint's own validation (val) or test part.</summary>
    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (translator, config) = Seq2SeqTask.Open(checkpoint, path);
        if (request.DataPath is { } file)
            return Seq2SeqTask.Evaluation(translator, Examples(config, file), file, config.IsDictionary);
        var data = Seq2SeqData.Load(config, BundledDictionary);
        return request.Split switch
        {
            "val" => Seq2SeqTask.Evaluation(translator, data.Validation, "validation", config.IsDictionary),
            "test" or "all" => Seq2SeqTask.Evaluation(translator, data.Test, "test", config.IsDictionary),
            _ => throw new ArgumentException($"An encoder-decoder is scored on its val or test part, not '{request.Split}'."),
        };
    }

    /// <summary>Every example of a file in the checkpoint's format: a CMUdict-format dictionary, or SOURCE&lt;TAB&gt;TARGET pairs.</summary>
    public static List<Seq2SeqExample> Examples(Seq2SeqTaskConfig config, string file) =>
        config.IsDictionary ? Seq2SeqData.Examples(Data.CmuDict.Read(file), config.Stress) : Seq2SeqData.Examples(Data.SequencePairs.Read(file, config.Units));

    public string Describe(Checkpoint checkpoint) =>
        $"encoder-decoder, {checkpoint.Metadata.GetValueOrDefault("task_config", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
