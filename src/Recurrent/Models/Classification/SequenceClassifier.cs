using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>
/// Many-to-one: a sequence → one set of class logits.
/// tokens (T, B) → (token dropout in training) → Embedding(V, E), or numeric steps (T, B, F) as they are → recurrent stack (LSTM, GRU or RNN; L layers,
/// one or two directions, run with each sequence's length) → pooling over each sequence's own steps → Dropout →
/// Linear(D·H, C) → logits (B, C).
/// Pooling, with o_t (B, D·H) the top layer's outputs and L_b the length of sequence b:
///   last:      [h_fwd at step L_b − 1, h_rev at step 0]  (h_n of the top layer, PyTorch's packed semantics)
///   mean:      (1/L_b) Σ_{t&lt;L_b} o_t
///   max:       max_{t&lt;L_b} o_t, per feature
///   attention: Σ_{t&lt;L_b} α_t o_t, α = softmax_{t&lt;L_b}(vᵀ tanh(W o_t + b))  (Yang et al. 2016)
/// State-dict names: <c>embedding.weight</c>, <c>rnn.weight_ih_l0</c> ..., <c>attention.proj.weight</c>,
/// <c>attention.proj.bias</c>, <c>attention.context.weight</c>, <c>output.weight</c>, <c>output.bias</c>.
/// </summary>
public sealed class SequenceClassifier : Module
{
    private readonly Embedding? _embedding;
    private readonly RecurrentLayer _rnn;
    private readonly Linear? _attentionProjection, _attentionContext;
    private readonly Layers.Dropout _dropout;
    private readonly Linear _output;
    private readonly Parameter[] _parameters;
    private readonly Rng _rng;

    public SequenceClassifier(ClassifierConfig config, Rng rng)
    {
        config.Validate();
        (Config, _rng) = (config, rng);
        int inputSize = config.ReadsTokens ? config.EmbeddingSize : config.Features;
        int pooled = (config.Bidirectional ? 2 : 1) * config.HiddenSize;
        var parameters = new List<Parameter>();
        if (config.ReadsTokens)
        {
            _embedding = new Embedding(config.VocabSize, config.EmbeddingSize, rng);
            parameters.AddRange(_embedding.Parameters.Select(p => p.WithPrefix("embedding")));
        }
        _rnn = RecurrentLayer.Create(config.Mode, inputSize, config.HiddenSize, config.Layers, dropout: config.Dropout,
            bidirectional: config.Bidirectional, rng: rng);
        parameters.AddRange(_rnn.Parameters.Select(p => p.WithPrefix("rnn")));
        if (config.Pooling == "attention")
        {
            _attentionProjection = new Linear(pooled, pooled, rng: rng);
            _attentionContext = new Linear(pooled, 1, bias: false, rng: rng);
            parameters.AddRange(_attentionProjection.Parameters.Select(p => p.WithPrefix("attention.proj")));
            parameters.AddRange(_attentionContext.Parameters.Select(p => p.WithPrefix("attention.context")));
        }
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _output = new Linear(pooled, config.Classes, rng: rng);
        parameters.AddRange(_output.Parameters.Select(p => p.WithPrefix("output")));
        _parameters = [.. parameters];
    }

    public ClassifierConfig Config { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children =>
        new Module?[] { _embedding, _rnn, _attentionProjection, _attentionContext, _dropout, _output }.OfType<Module>();

    /// <summary>The attention weights α (B, T) of the last forward pass with attention pooling (zeros past each length); else null.</summary>
    public Tensor? LastAttention { get; private set; }

    /// <summary>A batch → class logits (B, C).</summary>
    public Variable Forward(ClassifierInput input)
    {
        var pooled = Pool(Encode(input), input.Lengths);
        return _output.Forward(_dropout.Forward(pooled));
    }

    private RecurrentVariables Encode(ClassifierInput input)
    {
        int T = input.Steps, B = input.Size;
        if (Config.ReadsTokens)
        {
            var ids = input.Ids ?? throw new ArgumentException("This classifier reads token ids; the batch has numeric values.");
            if (ids.Length != T * B) throw new ArgumentException($"Expected {T}×{B} token ids, got {ids.Length}.");
            if (Training && Config.TokenDropout > 0) ids = DropTokens(ids, T, B, input.Lengths);
            // Fewer vocabulary entries than tokens (characters): the first layer projects the embedding table, not each token.
            return Config.VocabSize < T * B
                ? _rnn.Forward(ids, T, B, _embedding!.Weight.AsVariable(), lengths: input.Lengths)
                : _rnn.Forward(_embedding!.Forward(ids, T, B), lengths: input.Lengths);
        }
        var values = input.Values ?? throw new ArgumentException("This classifier reads numeric steps; the batch has token ids.");
        if (values.Length != T * B * Config.Features)
            throw new ArgumentException($"Expected {T}×{B}×{Config.Features} values, got {values.Length}.");
        return _rnn.Forward(new Variable(Tensor.FromArray(values, T, B, Config.Features)), lengths: input.Lengths);
    }

    /// <summary>A copy of the ids with each real token replaced by &lt;unk&gt; with probability p (padding untouched).</summary>
    private int[] DropTokens(int[] ids, int T, int B, int[] lengths)
    {
        var dropped = (int[])ids.Clone();
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
                if (t < lengths[b] && _rng.NextFloat() < Config.TokenDropout) dropped[t * B + b] = TokenVocabulary.Unknown;
        return dropped;
    }

    private Variable Pool(RecurrentVariables encoded, int[] lengths)
    {
        int B = lengths.Length, D = _rnn.NumDirections, H = Config.HiddenSize;
        switch (Config.Pooling)
        {
            case "last":
                // h_n is (L·D, B, H); the top layer's D rows → (B, D·H), forward then reverse.
                var top = Ops.Narrow(encoded.HiddenState, 0, (Config.Layers - 1) * D, D);
                return Ops.Reshape(Ops.Transpose(top, 0, 1), B, D * H);
            case "mean": return Ops.MeanOverTime(encoded.Output, lengths);
            case "max": return Ops.MaxOverTime(encoded.Output, lengths);
            default: return AttentionPool(encoded.Output, lengths);
        }
    }

    private Variable AttentionPool(Variable outputs, int[] lengths)
    {
        int T = outputs.Value.Size(0), B = outputs.Value.Size(1), F = outputs.Value.Size(2);
        var scores = _attentionContext!.Forward(Ops.Tanh(_attentionProjection!.Forward(outputs)));       // (T, B, 1)
        var alpha = Ops.MaskedSoftmax(Ops.Transpose(Ops.Reshape(scores, T, B), 0, 1), lengths);           // (B, T)
        LastAttention = alpha.Value;
        var context = Ops.BatchedMatMul(Ops.Reshape(alpha, B, 1, T), Ops.Transpose(outputs, 0, 1));      // (B, 1, F)
        return Ops.Reshape(context, B, F);
    }
}
