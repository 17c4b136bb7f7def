using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Attention of a decoder state h (B, D) over the encoder outputs m (B, S, M) of each source's own length L_b:
///   dot:      e_s = hᵀ m_s                       (D = M)
///   general:  e_s = (W h)ᵀ m_s                   W (M, D)            (Luong et al. 2015)
///   additive: e_s = vᵀ tanh(W_q h + W_k m_s + b) W_q (A, D), W_k (A, M), v (A)   (Bahdanau et al. 2015)
///   α = softmax over s &lt; L_b of e (exact zeros past L_b),  context = Σ_s α_s m_s  (B, M).
/// Names: <c>query.weight</c>; additive also <c>key.weight</c>, <c>key.bias</c>, <c>score.weight</c>.
/// </summary>
public sealed class Attention : Module
{
    private readonly Linear? _query, _key, _score;
    private readonly Parameter[] _parameters;

    public Attention(string kind, int querySize, int memorySize, Rng rng)
    {
        Kind = kind;
        var parameters = new List<Parameter>();
        if (kind is "general" or "additive")
        {
            _query = new Linear(querySize, kind == "general" ? memorySize : querySize, bias: false, rng: rng);
            parameters.AddRange(_query.Parameters.Select(p => p.WithPrefix("query")));
        }
        if (kind == "additive")
        {
            _key = new Linear(memorySize, querySize, rng: rng);
            _score = new Linear(querySize, 1, bias: false, rng: rng);
            parameters.AddRange(_key.Parameters.Select(p => p.WithPrefix("key")));
            parameters.AddRange(_score.Parameters.Select(p => p.WithPrefix("score")));
        }
        else if (kind is not ("general" or "dot")) throw new ArgumentException($"Unknown attention '{kind}': expected dot, general or additive.");
        _parameters = [.. parameters];
    }

    public string Kind { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => new Module?[] { _query, _key, _score }.OfType<Module>();

    /// <summary>What does not depend on the decoder step, computed once per batch: W_k m + b (B, S, A) for additive, else null.</summary>
    public Variable? Keys(Variable memory) => _key?.Forward(memory);

    /// <summary>query (B, D), memory (B, S, M), <see cref="Keys"/> of it, lengths (B) → context (B, M) and α (B, S).</summary>
    public (Variable Context, Variable Weights) Forward(Variable query, Variable memory, Variable? keys, IReadOnlyList<int> lengths)
    {
        int B = memory.Value.Size(0), S = memory.Value.Size(1), M = memory.Value.Size(2);
        Variable scores;
        if (Kind == "additive")
        {
            int A = _query!.OutFeatures;
            var q = Ops.Reshape(_query.Forward(query), B, 1, A);                                   // (B, 1, A), broadcast over s
            scores = Ops.Reshape(_score!.Forward(Ops.Tanh(Ops.Add(keys!, q))), B, S);
        }
        else
        {
            var q = Kind == "general" ? _query!.Forward(query) : query;                             // (B, M)
            scores = Ops.Reshape(Ops.BatchedMatMul(memory, Ops.Reshape(q, B, M, 1)), B, S);
        }
        var alpha = Ops.MaskedSoftmax(scores, lengths);
        var context = Ops.Reshape(Ops.BatchedMatMul(Ops.Reshape(alpha, B, 1, S), memory), B, M);
        return (context, alpha);
    }

    /// <summary>
    /// <see cref="Forward"/> for inference, into buffers and without a graph: query (N, D), memory (N, S, M) and, for
    /// additive, keys (N, S, A) as plain values, each row's length → context (N, M) and α (N, S), exact zeros past a row's
    /// length. The products are dot products and row updates over each row's own steps.
    /// </summary>
    public void Attend(int rows, int steps, ReadOnlySpan<float> query, ReadOnlySpan<float> memory, ReadOnlySpan<float> keys,
        IReadOnlyList<int> lengths, Span<float> context, Span<float> weights)
    {
        int N = rows, S = steps, M = memory.Length / Math.Max(1, N * S), D = query.Length / Math.Max(1, N);
        ReadOnlySpan<float> q = query;
        int Q = D;
        if (_query is not null)
        {
            // q = query·W_qᵀ: (N, M) for general, (N, A) for additive
            Q = _query.OutFeatures;
            Buffers.Grow(ref _q, N * Q);
            Kernels.Gemm.Multiply(false, true, N, Q, D, 1f, query, D, _query.Weight.Value.Span, D, 0f, _q, Q);
            q = _q.AsSpan(0, N * Q);
        }
        Buffers.Grow(ref _tanh, Q);
        var v = _score is null ? default : _score.Weight.Value.Span;
        for (int n = 0; n < N; n++)
        {
            int L = lengths[n];
            var e = weights.Slice(n * S, S);
            var qn = q.Slice(n * Q, Q);
            for (int s = 0; s < L; s++)
                if (Kind == "additive")
                {
                    // e_s = vᵀ tanh(W_k m_s + b + W_q h)
                    var t = _tanh.AsSpan(0, Q);
                    TensorPrimitives.Add(keys.Slice((n * S + s) * Q, Q), qn, t);
                    TensorPrimitives.Tanh(t, t);
                    e[s] = TensorPrimitives.Dot(v, t);
                }
                else e[s] = TensorPrimitives.Dot(memory.Slice((n * S + s) * M, M), qn);
            // α = softmax over s < L, zeros past it; context = Σ_s α_s m_s
            StableSoftmax.Row(e[..L], e[..L]);
            e[L..].Clear();
            var cn = context.Slice(n * M, M);
            cn.Clear();
            for (int s = 0; s < L; s++) TensorPrimitives.MultiplyAdd(memory.Slice((n * S + s) * M, M), e[s], cn, cn);
        }
    }

    private float[] _q = [], _tanh = [];
}
