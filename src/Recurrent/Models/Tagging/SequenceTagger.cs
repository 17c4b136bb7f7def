using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Tagging;

/// <summary>
/// Many to many, synchronous: one tag per word.
///   e_t = [Embedding(lower-cased word_t); c_t],  c_t = [→h, ←h] of a character BiLSTM over word_t's characters
///   o_t = BiLSTM stack(dropout(e))_t, run with each sentence's length
///   logits_t = Linear(dropout(o_t))  (T·B, K)
///   loss = cross-entropy over real tokens, or with a CRF (<see cref="Crf"/>) its negative log-likelihood per real token
/// The character features are computed once per distinct word of the batch and gathered to its positions
/// (<see cref="Ops.Embedding"/> over the feature matrix), so a frequent word costs one character pass per batch.
/// State-dict names: <c>embedding.weight</c>, <c>char_embedding.weight</c>, <c>char_rnn.*</c>, <c>rnn.*</c> (PyTorch's
/// names, <c>_reverse</c> for the backward direction), <c>output.weight</c>, <c>output.bias</c>, <c>crf.*</c>.
/// </summary>
public sealed class SequenceTagger : Module
{
    private readonly Embedding _embedding;
    private readonly Embedding? _charEmbedding;
    private readonly RecurrentLayer? _charRnn;
    private readonly RecurrentLayer _rnn;
    private readonly Layers.Dropout _dropout;
    private readonly Linear _output;
    private readonly Parameter[] _parameters;

    public SequenceTagger(TaggerConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        _embedding = new Embedding(config.VocabSize, config.WordEmbedding, rng);
        var parameters = new List<Parameter>(_embedding.Parameters.Select(p => p.WithPrefix("embedding")));
        if (config.CharHidden > 0)
        {
            _charEmbedding = new Embedding(config.CharVocabSize, config.CharEmbedding, rng);
            _charRnn = RecurrentLayer.Create(RecurrentMode.Lstm, config.CharEmbedding, config.CharHidden, bidirectional: true, rng: rng);
            parameters.AddRange(_charEmbedding.Parameters.Select(p => p.WithPrefix("char_embedding")));
            parameters.AddRange(_charRnn.Parameters.Select(p => p.WithPrefix("char_rnn")));
        }
        _rnn = RecurrentLayer.Create(config.Mode, config.InputSize, config.HiddenSize, config.Layers, dropout: config.Dropout, bidirectional: true, rng: rng);
        parameters.AddRange(_rnn.Parameters.Select(p => p.WithPrefix("rnn")));
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _output = new Linear(2 * config.HiddenSize, config.Tags, rng: rng);
        parameters.AddRange(_output.Parameters.Select(p => p.WithPrefix("output")));
        if (config.Crf)
        {
            Crf = new Crf(config.Tags, rng);
            parameters.AddRange(Crf.Parameters.Select(p => p.WithPrefix("crf")));
        }
        _parameters = [.. parameters];
    }

    public TaggerConfig Config { get; }

    /// <summary>The CRF output layer, or null (tags chosen independently, by argmax).</summary>
    public Crf? Crf { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => new Module?[] { _embedding, _charEmbedding, _charRnn, _rnn, _dropout, _output, Crf }.OfType<Module>();

    /// <summary>The training loss of a batch for its gold tags (T·B; padding carries the ignore index), per real token.</summary>
    public Variable Loss(TaggerInput input, int[] targets)
    {
        var logits = Forward(input);
        return Crf is null ? Losses.Loss.CrossEntropy(logits, targets) : Crf.Loss(logits, targets, input.Lengths);
    }

    /// <summary>The tag ids of each column's real tokens: Viterbi through the CRF, else the argmax of each step's logits.</summary>
    public int[][] Decode(TaggerInput input)
    {
        var logits = Forward(input).Value.Span;
        if (Crf is not null) return Crf.Decode(logits, input.Lengths);
        int B = input.Size, K = Config.Tags;
        var paths = new int[B][];
        for (int b = 0; b < B; b++)
        {
            paths[b] = new int[input.Lengths[b]];
            for (int t = 0; t < paths[b].Length; t++) paths[b][t] = TensorPrimitives.IndexOfMax(logits.Slice((t * B + b) * K, K));
        }
        return paths;
    }

    /// <summary>A batch → tag logits (T·B, K), step-major; rows at padded positions are computed but meaningless.</summary>
    public Variable Forward(TaggerInput input)
    {
        int T = input.Steps, B = input.Size;
        if (input.Ids.Length != T * B || input.WordSlots.Length != T * B) throw new ArgumentException($"Expected {T}×{B} word ids and slots.");
        var features = Ops.Embedding(_embedding.Weight.AsVariable(), input.Ids, T, B);                           // (T, B, E)
        if (_charRnn is not null)
        {
            int N = input.Words, Hc = Config.CharHidden;
            var chars = _charRnn.Forward(input.CharIds, input.CharSteps, N, _charEmbedding!.Weight.AsVariable(), lengths: input.CharLengths);
            var perWord = Ops.Reshape(Ops.Transpose(chars.HiddenState, 0, 1), N, 2 * Hc);                       // (N, 2·Hc): →h at the last char, ←h at the first
            features = Ops.ConcatLast(features, Ops.Embedding(perWord, input.WordSlots, T, B));                  // (T, B, E + 2·Hc)
        }
        var outputs = _rnn.Forward(_dropout.Forward(features), lengths: input.Lengths).Output;                  // (T, B, 2H)
        return _output.Forward(Ops.Reshape(_dropout.Forward(outputs), T * B, 2 * Config.HiddenSize));
    }
}
