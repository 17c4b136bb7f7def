using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models;

/// <summary>
/// The character-level recurrent language model ("char-rnn", N-to-N): tokens → Embedding(V, E) → recurrent stack
/// (LSTM, GRU or RNN; L layers, dropout between them) → Dropout → Linear(H, V) → logits for the next token.
/// State-dict names: <c>embedding.weight</c>, <c>rnn.weight_ih_l0</c> ..., <c>decoder.weight</c>, <c>decoder.bias</c>,
/// so a PyTorch module with attributes <c>embedding</c>, <c>rnn</c>, <c>decoder</c> loads the same file.
/// </summary>
public sealed class CharLanguageModel : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _rnn;
    private readonly Layers.Dropout _dropout;
    private readonly Linear _decoder;
    private readonly Parameter[] _parameters;

    public CharLanguageModel(CharModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        _embedding = new Embedding(config.VocabSize, config.EmbeddingSize, rng);
        _rnn = config.Mode switch
        {
            RecurrentMode.Lstm => new Lstm(config.EmbeddingSize, config.HiddenSize, config.Layers, dropout: config.Dropout, rng: rng),
            RecurrentMode.Gru => new Gru(config.EmbeddingSize, config.HiddenSize, config.Layers, dropout: config.Dropout, rng: rng),
            var m => new Rnn(config.EmbeddingSize, config.HiddenSize, config.Layers, relu: m == RecurrentMode.RnnRelu, dropout: config.Dropout, rng: rng),
        };
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _decoder = new Linear(config.HiddenSize, config.VocabSize, rng: rng);
        _parameters = [.. _embedding.Parameters.Select(p => p.WithPrefix("embedding")),
                       .. _rnn.Parameters.Select(p => p.WithPrefix("rnn")),
                       .. _decoder.Parameters.Select(p => p.WithPrefix("decoder"))];
    }

    public CharModelConfig Config { get; }
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
    /// </summary>
    public void Step(int token, Span<float> hidden, Span<float> cell, Span<float> logits)
    {
        if ((uint)token >= (uint)Config.VocabSize) throw new ArgumentException($"Token {token} is outside the vocabulary of {Config.VocabSize}.");
        if (logits.Length != Config.VocabSize) throw new ArgumentException($"Expected {Config.VocabSize} logits, got {logits.Length}.");
        if (_stepOutput.Length != Config.HiddenSize) _stepOutput = new float[Config.HiddenSize];
        int e = Config.EmbeddingSize;
        _rnn.Step(_embedding.Weight.Value.Span.Slice(token * e, e), 1, hidden, cell, _stepOutput);
        // logits = W_dec·h + b_dec
        _decoder.Bias!.Value.Span.CopyTo(logits);
        Kernels.Gemv.Multiply(Config.VocabSize, Config.HiddenSize, _decoder.Weight.Value.Span, _stepOutput, 1f, logits);
    }

    private float[] _stepOutput = [];

    /// <summary>A zero state (L, B, H) for a batch.</summary>
    public Variable ZeroState(int batch) => new(Tensor.Zeros(Config.Layers, batch, Config.HiddenSize));
}
