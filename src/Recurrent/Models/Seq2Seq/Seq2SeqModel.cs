using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// An attentional encoder-decoder (Luong et al. 2015, with the three score functions of <see cref="Attention"/>).
///   encoder:  x_s = Dropout(E_src[id_s]) → bidirectional stack over each source's own length → m_s (2E)
///   bridge:   h_0 = tanh(W_h [h→_n; h←_n] + b_h) of the top encoder layer, for every decoder layer (c_0 likewise for LSTM)
///   step t:   u_t = [Dropout(E_tgt[y_(t−1)]); h̃_(t−1)] (input feeding) → stacked cells → h_t
///             (c_t, α_t) = attention(h_t, m);  h̃_t = tanh(W_c [c_t; h_t]);  logits_t = W_o Dropout(h̃_t) + b_o
/// Training is teacher-forced: y_(t−1) is the reference, the loss the cross-entropy over real target steps and &lt;/s&gt;
/// (with optional label smoothing).
/// Names: <c>source_embedding.weight</c>, <c>encoder.*</c> (PyTorch's LSTM names), <c>bridge_h.*</c>, <c>bridge_c.*</c>,
/// <c>target_embedding.weight</c>, <c>decoder.K.weight_ih</c> …, <c>attention.*</c>, <c>combine.weight</c>, <c>output.*</c>.
/// </summary>
public sealed partial class Seq2SeqModel : Module
{
    private readonly Embedding _sourceEmbedding, _targetEmbedding;
    private readonly RecurrentLayer _encoder;
    private readonly Linear _bridgeH, _output;
    private readonly Linear? _bridgeC, _combine;
    private readonly RecurrentCell[] _decoder;
    private readonly Attention? _attention;
    private readonly Parameter[] _parameters;
    private readonly Rng _rng;

    public Seq2SeqModel(Seq2SeqConfig config, Rng rng)
    {
        config.Validate();
        (Config, _rng) = (config, rng);
        int E = config.EncoderHidden, D = config.DecoderHidden, M = config.MemorySize;
        bool lstm = config.Mode == RecurrentMode.Lstm;
        // Each decoder cell holds at least W_hh (G·D, D): checked before the cells are listed (a file's configuration
        // may ask for billions of them).
        Parameter.CheckBudget((double)config.DecoderLayers * config.Mode.GateCount() * D * D);
        _sourceEmbedding = new Embedding(config.SourceVocab, config.Embedding, rng);
        _encoder = RecurrentLayer.Create(config.Mode, config.Embedding, E, config.EncoderLayers, dropout: config.Dropout, bidirectional: true, rng: rng);
        _bridgeH = new Linear(M, D, rng: rng);
        _bridgeC = lstm ? new Linear(M, D, rng: rng) : null;
        _targetEmbedding = new Embedding(config.TargetVocab, config.Embedding, rng);
        _decoder = [.. Enumerable.Range(0, config.DecoderLayers).Select(l =>
            RecurrentCell.Create(config.Mode, l == 0 ? config.Embedding + (config.InputFeeding ? D : 0) : D, D, rng: rng))];
        if (config.Attention != "none")
        {
            _attention = new Attention(config.Attention, D, M, rng);
            _combine = new Linear(M + D, D, bias: false, rng: rng);
        }
        _output = new Linear(D, config.TargetVocab, rng: rng);
        var parameters = new List<Parameter>();
        parameters.AddRange(_sourceEmbedding.Parameters.Select(p => p.WithPrefix("source_embedding")));
        parameters.AddRange(_encoder.Parameters.Select(p => p.WithPrefix("encoder")));
        parameters.AddRange(_bridgeH.Parameters.Select(p => p.WithPrefix("bridge_h")));
        if (_bridgeC is not null) parameters.AddRange(_bridgeC.Parameters.Select(p => p.WithPrefix("bridge_c")));
        parameters.AddRange(_targetEmbedding.Parameters.Select(p => p.WithPrefix("target_embedding")));
        for (int l = 0; l < _decoder.Length; l++) parameters.AddRange(_decoder[l].Parameters.Select(p => p.WithPrefix($"decoder.{l}")));
        if (_attention is not null) parameters.AddRange(_attention.Parameters.Select(p => p.WithPrefix("attention")));
        if (_combine is not null) parameters.AddRange(_combine.Parameters.Select(p => p.WithPrefix("combine")));
        parameters.AddRange(_output.Parameters.Select(p => p.WithPrefix("output")));
        _parameters = [.. parameters];
    }

    public Seq2SeqConfig Config { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children =>
        new Module?[] { _sourceEmbedding, _encoder, _bridgeH, _bridgeC, _targetEmbedding, _attention, _combine, _output }.Concat(_decoder).OfType<Module>();

    /// <summary>Source ids (S, B) time-major, padded past lengths[b] → the memory and the decoder's first state.</summary>
    public EncodedSource Encode(int[] sourceIds, int steps, int[] lengths)
    {
        int B = lengths.Length, E = Config.EncoderHidden, D = Config.DecoderHidden;
        if (sourceIds.Length != steps * B) throw new ArgumentException($"Expected {steps}×{B} source ids, got {sourceIds.Length}.");
        var x = Dropout(_sourceEmbedding.Forward(sourceIds, steps, B));
        var encoded = _encoder.Forward(x, lengths: lengths);
        var memory = Ops.Transpose(encoded.Output, 0, 1);                                          // (B, S, 2E)
        // The top layer's two final states (forward at L_b − 1, reverse at 0), side by side: (B, 2E).
        var Final = (Variable state) => Ops.Reshape(Ops.Transpose(Ops.Narrow(state, 0, 2 * (Config.EncoderLayers - 1), 2), 0, 1), B, 2 * E);
        var h0 = Ops.Tanh(_bridgeH.Forward(Final(encoded.HiddenState)));
        var c0 = _bridgeC is null ? null : Ops.Tanh(_bridgeC.Forward(Final(encoded.CellState!)));
        var feed = new Variable(Tensor.Zeros(B, D));
        var start = new DecoderState([.. Enumerable.Repeat(h0, _decoder.Length)], [.. Enumerable.Repeat(c0, _decoder.Length)], feed);
        return new EncodedSource(memory, _attention?.Keys(memory), lengths, start);
    }

    /// <summary>One decoder step from the previous target ids (B) → h̃_t (B, D) (before the output layer), the next state, α_t (B, S) or null.</summary>
    public (Variable Attentional, DecoderState Next, Variable? Weights) Step(EncodedSource source, DecoderState state, int[] previous)
    {
        int B = previous.Length;
        var input = Dropout(_targetEmbedding.Forward(previous, B));
        if (Config.InputFeeding) input = Ops.ConcatLast(input, state.Feed);
        var hidden = new Variable[_decoder.Length];
        var cells = new Variable?[_decoder.Length];
        for (int l = 0; l < _decoder.Length; l++)
        {
            var next = _decoder[l].Forward(input, state.Hidden[l], state.Cell[l]);
            (hidden[l], cells[l]) = (next.Hidden, next.Cell);
            input = next.Hidden;
        }
        var top = hidden[^1];
        if (_attention is null) return (top, new DecoderState(hidden, cells, top), null);
        var (context, alpha) = _attention.Forward(top, source.Memory, source.Keys, source.Lengths);
        var attentional = Ops.Tanh(_combine!.Forward(Ops.ConcatLast(context, top)));
        return (attentional, new DecoderState(hidden, cells, attentional), alpha);
    }

    /// <summary>h̃ (N, D) → logits (N, V) over the target symbols.</summary>
    public Variable Logits(Variable attentional) => _output.Forward(Dropout(attentional));

    /// <summary>The teacher-forced cross-entropy of a batch (mean over real target steps and &lt;/s&gt;).</summary>
    public Variable Loss(PairBatch batch)
    {
        var source = Encode(batch.SourceIds, batch.SourceSteps, batch.SourceLengths);
        int T = batch.TargetSteps, B = batch.Size;
        var state = source.Start;
        var steps = new Variable[T];
        for (int t = 0; t < T; t++)
            (steps[t], state, _) = Step(source, state, batch.DecoderInputs.AsSpan(t * B, B).ToArray());
        var logits = Logits(Ops.Reshape(Ops.Stack(steps), T * B, Config.DecoderHidden));
        return Losses.Loss.CrossEntropy(logits, batch.DecoderTargets, labelSmoothing: Config.LabelSmoothing);
    }

    private Variable Dropout(Variable x) => Ops.Dropout(x, Config.Dropout, _rng, Training);
}
