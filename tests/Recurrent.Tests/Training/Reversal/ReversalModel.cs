using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>
/// The test task's model: tokens (T, B) → Embedding(V, E) → bidirectional LSTM(H) → Linear(2H, V) → logits (T, B, V).
/// Output t must name input T − 1 − t: only the reverse direction has seen it, which is what the test can check.
/// </summary>
internal sealed class ReversalModel : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _rnn;
    private readonly Linear _output;
    private readonly Parameter[] _parameters;

    public ReversalModel(ReversalConfig config, Rng rng)
    {
        Config = config;
        _embedding = new Embedding(config.Vocabulary, config.Embedding, rng);
        _rnn = RecurrentLayer.Create(RecurrentMode.Lstm, config.Embedding, config.Hidden, bidirectional: true, rng: rng);
        _output = new Linear(2 * config.Hidden, config.Vocabulary, rng: rng);
        _parameters = [.. _embedding.Parameters.Select(p => p.WithPrefix("embedding")), .. _rnn.Parameters.Select(p => p.WithPrefix("rnn")),
                       .. _output.Parameters.Select(p => p.WithPrefix("output"))];
    }

    public ReversalConfig Config { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [_embedding, _rnn, _output];

    public Variable Forward(int[] tokens, int steps, int batch) =>
        _output.Forward(_rnn.Forward(_embedding.Forward(tokens, steps, batch)).Output);
}
