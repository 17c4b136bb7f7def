using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Generation;

/// <summary>
/// One-to-many without an encoder: a recurrent decoder that writes a sequence given one condition vector z (a class's
/// embedding, or a feature vector the caller gives), in the seeds' two drawings.
/// <code>
/// z = E_cond[k]                                  (C)  the class's row, or the given vector
/// first:  u_0 = z,  u_t = E[y_(t−1)] (t ≥ 1)     the condition is the first step's input only (C = E)
/// every:  u_t = [E[y_(t−1)]; z]                   the condition beside every step's input
/// none:   u_t = E[y_(t−1)]                        the unconditional baseline, same shape otherwise
/// h_t = recurrent stack(u_t, h_(t−1)),   p(y_t | y_(&lt;t), z) = softmax(W_dec Dropout(h_t) + b_dec)
/// </code>
/// y_(−1) is the start symbol. State-dict names: <c>embedding.weight</c>, <c>condition.weight</c> (classes only),
/// <c>rnn.weight_ih_l0</c> ..., <c>decoder.weight</c>, <c>decoder.bias</c>.
/// </summary>
public sealed class ConditionalLanguageModel : Module
{
    private readonly Embedding _embedding;
    private readonly Embedding? _condition;
    private readonly RecurrentLayer _rnn;
    private readonly Layers.Dropout _dropout;
    private readonly Linear _decoder;
    private readonly Parameter[] _parameters;

    public ConditionalLanguageModel(ConditionalLanguageModelConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        _embedding = new Embedding(config.VocabSize, config.EmbeddingSize, rng);
        if (config.IsConditional && config.Conditions > 0) _condition = new Embedding(config.Conditions, config.ResolvedConditionSize, rng);
        _rnn = RecurrentLayer.Create(config.Mode, config.InputSize, config.HiddenSize, config.Layers, dropout: config.Dropout, rng: rng);
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _decoder = new Linear(config.HiddenSize, config.VocabSize, rng: rng);
        _parameters = [.. _embedding.Parameters.Select(p => p.WithPrefix("embedding")),
                       .. (_condition?.Parameters ?? []).Select(p => p.WithPrefix("condition")),
                       .. _rnn.Parameters.Select(p => p.WithPrefix("rnn")),
                       .. _decoder.Parameters.Select(p => p.WithPrefix("decoder"))];
    }

    public ConditionalLanguageModelConfig Config { get; }
    public bool HasCellState => Config.Mode == RecurrentMode.Lstm;
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => _condition is null ? [_embedding, _rnn, _dropout, _decoder] : [_embedding, _condition, _rnn, _dropout, _decoder];

    /// <summary>The condition vectors z (B, C) of classes: rows of the class embedding.</summary>
    public Variable Condition(ReadOnlySpan<int> classes)
    {
        var table = _condition ?? throw new InvalidOperationException("This model is conditioned on given vectors (or not at all), not on classes.");
        foreach (int k in classes)
            if ((uint)k >= (uint)Config.Conditions) throw new ArgumentException($"Class {k} is outside the model's {Config.Conditions} classes.");
        return table.Forward(classes, classes.Length);
    }

    /// <summary>
    /// tokens (T, B) time-major, each column starting with the start symbol, and the condition z (B, C) (null without
    /// conditioning) → logits (T, B, V): row t predicts the token after tokens[t].
    /// </summary>
    public Variable Forward(ReadOnlySpan<int> tokens, int steps, int batch, Variable? condition)
    {
        if (steps < 1 || batch < 1 || tokens.Length != steps * batch)
            throw new ArgumentException($"Expected {steps} × {batch} tokens, got {tokens.Length}.");
        int C = Config.ResolvedConditionSize;
        if (Config.IsConditional != condition is not null)
            throw new ArgumentException(Config.IsConditional ? "This model needs a condition." : "This model is unconditional: give no condition.");
        if (condition is not null && !condition.Value.Shape.SequenceEqual([batch, C]))
            throw new ArgumentException($"Expected a condition of shape ({batch}, {C}), got {condition.Value.ShapeString}.");
        var x = _embedding.Forward(tokens, steps, batch);
        if (Config.Conditioning == "first")
        {
            var z = Ops.Reshape(condition!, 1, batch, C);
            x = steps == 1 ? z : Ops.Concat(0, z, Ops.Narrow(x, 0, 1, steps - 1));
        }
        else if (Config.Conditioning == "every")
            x = Ops.ConcatLast(x, Ops.Add(new Variable(Tensor.Zeros(steps, batch, C)), condition!));   // z broadcast over time
        var r = _rnn.Forward(x);
        return _decoder.Forward(_dropout.Forward(r.Output));
    }

    /// <summary>The condition vectors of classes as plain numbers (B × C), for <see cref="Step"/>.</summary>
    public float[] ConditionValues(ReadOnlySpan<int> classes)
    {
        using var _ = Variable.NoGrad();
        return Condition(classes).Value.Span.ToArray();
    }

    /// <summary>
    /// One step of B streams for generation, no graph and no dropout: <paramref name="tokens"/> (B) are the previous
    /// tokens (ignored at the first step of <c>first</c>, whose input is the condition); <paramref name="condition"/>
    /// (B × C); <paramref name="hidden"/> and (LSTM) <paramref name="cell"/> (L, B, H) are updated in place; the next
    /// tokens' logits (B × V) are written. Buffers are reused from call to call.
    /// </summary>
    public void Step(ReadOnlySpan<int> tokens, ReadOnlySpan<float> condition, bool firstStep, Span<float> hidden, Span<float> cell, Span<float> logits)
    {
        int B = tokens.Length, E = Config.EmbeddingSize, C = Config.ResolvedConditionSize, I = Config.InputSize, V = Config.VocabSize, H = Config.HiddenSize;
        if (condition.Length != B * C) throw new ArgumentException($"Expected {B} × {C} condition values, got {condition.Length}.");
        if (logits.Length != B * V) throw new ArgumentException($"Expected {B} × {V} logits, got {logits.Length}.");
        if (_stepInput.Length != B * I) _stepInput = new float[B * I];
        if (_stepOutput.Length != B * H) _stepOutput = new float[B * H];
        var table = _embedding.Weight.Value.Span;
        for (int b = 0; b < B; b++)
        {
            var row = _stepInput.AsSpan(b * I, I);
            if (Config.Conditioning == "first" && firstStep) { condition.Slice(b * C, C).CopyTo(row); continue; }
            if ((uint)tokens[b] >= (uint)V) throw new ArgumentException($"Token {tokens[b]} is outside the vocabulary of {V}.");
            table.Slice(tokens[b] * E, E).CopyTo(row);
            if (Config.Conditioning == "every") condition.Slice(b * C, C).CopyTo(row[E..]);
        }
        _rnn.Step(_stepInput, B, hidden, cell, _stepOutput);
        // logits = h·W_decᵀ + b_dec, a row per stream
        for (int b = 0; b < B; b++) _decoder.Bias!.Value.Span.CopyTo(logits.Slice(b * V, V));
        Kernels.Gemm.Multiply(false, true, B, V, H, 1f, _stepOutput, H, _decoder.Weight.Value.Span, H, 1f, logits, V);
    }

    private float[] _stepInput = [], _stepOutput = [];
}
