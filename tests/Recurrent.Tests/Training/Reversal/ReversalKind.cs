using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>The test task's entry in the registry: how <c>rnn eval</c> and <c>rnn params</c> open its checkpoints.</summary>
internal sealed class ReversalKind : ITaskKind
{
    public string Kind => ReversalTask.TaskKind;
    public IReadOnlyList<string> Aliases => [];

    public Module OpenModel(Checkpoint checkpoint, string path) => Open(checkpoint, path).Model;

    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        var (model, config) = Open(checkpoint, path);
        return ReversalTask.Score(model, config);
    }

    public string Describe(Checkpoint checkpoint) => $"reversal of sequences; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";

    private static (ReversalModel Model, ReversalConfig Config) Open(Checkpoint checkpoint, string path)
    {
        var config = ReversalTask.ReadConfig(checkpoint, path);
        var model = new ReversalModel(config, new Rng(0));
        model.LoadStateDict(checkpoint.Group("model"), strict: true, source: path);
        model.Training = false;
        return (model, config);
    }
}
