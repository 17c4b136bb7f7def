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

    /// <summary>Greedy decoding of a CMUdict-format file (every word), or of the checkpoint's own validation (val) or test words.</summary>
    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (translator, config) = Seq2SeqTask.Open(checkpoint, path);
        if (request.DataPath is { } file)
            return Seq2SeqTask.Evaluation(translator, Seq2SeqData.Examples(Data.CmuDict.Read(file), config.Stress), file);
        var data = Seq2SeqData.Load(config, BundledDictionary);
        return request.Split switch
        {
            "val" => Seq2SeqTask.Evaluation(translator, data.Validation, "validation"),
            "test" or "all" => Seq2SeqTask.Evaluation(translator, data.Test, "test"),
            _ => throw new ArgumentException($"An encoder-decoder is scored on its val or test words, not '{request.Split}'."),
        };
    }

    public string Describe(Checkpoint checkpoint) =>
        $"encoder-decoder, {checkpoint.Metadata.GetValueOrDefault("task_config", "?")}; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
}
