using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// The recurrent language model ("char-rnn", N-to-N) over characters or words: tokens → Embedding(V, E) → recurrent stack
/// (LSTM, GRU or RNN; L layers, dropout between them) → Dropout → Linear(H, V) → logits for the next token.
/// State-dict names: <c>embedding.weight</c>, <c>rnn.weight_ih_l0</c> ..., <c>decoder.weight</c>, <c>decoder.bias</c>,
/// so a PyTorch module with attributes <c>embedding</c>, <c>rnn</c>, <c>decoder</c> loads the same file.
/// </summary>
public sealed class LanguageModel : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _rnn;
    private readonly Layers.Dropout _dropout;
    private readonly Linear _decoder;
    private readonly Parameter[] _parameters;

    public LanguageModel(LanguageModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        _embedding = new Embedding(config.VocabSize, config.EmbeddingSize, rng);
        _rnn = RecurrentLayer.Create(config.Mode, config.EmbeddingSize, config.HiddenSize, config.Layers, dropout: config.Dropout, rng: rng);
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _decoder = new Linear(config.HiddenSize, config.VocabSize, rng: rng);
        _parameters = [.. _embedding.Parameters.Select(p => p.WithPrefix("embedding")),
                       .. _rnn.Parameters.Select(p => p.WithPrefix("rnn")),
                       .. _decoder.Parameters.Select(p => p.WithPrefix("decoder"))];
    }

    public LanguageModelConfig Config { get; }
    public bool HasCellState => Config.Mode == RecurrentMode.Lstm;
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [_embedding, _rnn, _dropout, _decoder];

    /// <summary>
    /// tokens (T, B) time-major → logits (T, B, V) and the final state h_n (and c_n) (L, B, H) for the next window.
    /// </summary>
    public (Variable Logits, Variable Hidden, Variable? Cell) Forward(ReadOnlySpan<int> tokens, int steps, int batch,
        Variable? hidden = null, Variable? cell = null)
    {
        // Fewer vocabulary entries than tokens (characters): the first layer projects the embedding table, not each token.
        var r = Config.VocabSize < steps * batch
            ? _rnn.Forward(tokens, steps, batch, _embedding.Weight.AsVariable(), hidden, cell)
            : _rnn.Forward(_embedding.Forward(tokens, steps, batch), hidden, cell);
        var logits = _decoder.Forward(_dropout.Forward(r.Output));
        return (logits, r.HiddenState, r.CellState);
    }

    /// <summary>
    /// One token at batch 1, for generation: <paramref name="hidden"/> and (LSTM) <paramref name="cell"/> (L, 1, H) are
    /// updated in place and the next-token logits (V) written; no graph, no dropout, no allocation after the first call.
    /// After <see cref="PrepareSteps"/>, the first layer's input side is a row of a precomputed table.
    /// </summary>
    public void Step(int token, Span<float> hidden, Span<float> cell, Span<float> logits)
    {
        if ((uint)token >= (uint)Config.VocabSize) throw new ArgumentException($"Token {token} is outside the vocabulary of {Config.VocabSize}.");
        if (logits.Length != Config.VocabSize) throw new ArgumentException($"Expected {Config.VocabSize} logits, got {logits.Length}.");
        if (_stepOutput.Length != Config.HiddenSize) _stepOutput = new float[Config.HiddenSize];
        if (_stepTable is { } table)
        {
            int g = table.Size(1);
            _rnn.StepFromProjection(table.Span.Slice(token * g, g), 1, hidden, cell, _stepOutput);
        }
        else
        {
            int e = Config.EmbeddingSize;
            _rnn.Step(_embedding.Weight.Value.Span.Slice(token * e, e), 1, hidden, cell, _stepOutput);
        }
        // logits = W_dec·h + b_dec
        _decoder.Bias!.Value.Span.CopyTo(logits);
        Kernels.Gemv.Multiply(Config.VocabSize, Config.HiddenSize, _decoder.Weight.Value.Span, _stepOutput, 1f, logits);
    }

    /// <summary>
    /// Readies <see cref="Step"/> for a run of generation: caches the first layer's input projection of every token
    /// (V × G·H), which spares Step a matrix-vector product over W_ih_l0 per token. The cache is rebuilt only when the
    /// embedding or the first layer's input weights differ from the copies it was built from (compared, never assumed),
    /// and Step uses it until the next call: call this again after changing the weights, as the sampler does per run.
    /// </summary>
    public void PrepareSteps()
    {
        var sources = new[] { _embedding.Weight }.Concat(_rnn.Parameters.Where(p => p.Name is "weight_ih_l0" or "bias_ih_l0" or "bias_hh_l0"))
            .Select(p => p.Value).ToArray();
        if (_stepTable is not null && _stepTableSources.Length == sources.Length
            && sources.Select((t, i) => t.Span.SequenceEqual(_stepTableSources[i])).All(same => same)) return;
        _stepTable = _rnn.InputProjectionTable(_embedding.Weight.Value);
        _stepTableSources = [.. sources.Select(t => t.Span.ToArray())];
    }

    private float[] _stepOutput = [];
    private Tensor? _stepTable;
    private float[][] _stepTableSources = [];

    /// <summary>A zero state (L, B, H) for a batch.</summary>
    public Variable ZeroState(int batch) => new(Tensor.Zeros(Config.Layers, batch, Config.HiddenSize));
}
