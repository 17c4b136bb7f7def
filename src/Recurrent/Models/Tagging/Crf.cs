using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Tagging;

/// <summary>
/// A linear-chain CRF output layer over K tags: transition scores A (K, K, from → to), start and end scores (K),
/// initialised U(−0.1, 0.1) as pytorch-crf does. Its loss is <see cref="Ops.CrfNegativeLogLikelihood"/>; decoding is
/// Viterbi: δ₀ = s + x₀, δ_t[j] = max_i(δ_{t−1}[i] + A[i, j]) + x_t[j], the best path ending in argmax_j(δ_{L−1}[j] + e[j]).
/// State-dict names: <c>crf.transitions</c>, <c>crf.start</c>, <c>crf.end</c>.
/// </summary>
public sealed class Crf : Module
{
    private readonly Parameter[] _parameters;

    public Crf(int tags, Rng rng)
    {
        Tags = tags;
        _parameters = Parameter.Allocate([("transitions", [tags, tags]), ("start", [tags]), ("end", [tags])]);
        foreach (var p in _parameters) rng.FillUniform(p.Value.Span, -0.1f, 0.1f);
    }

    public int Tags { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The loss per real token of emissions (T·B, K) for the gold tags (T·B) of sentences of these lengths.</summary>
    public Variable Loss(Variable emissions, ReadOnlySpan<int> targets, int[] lengths) =>
        Ops.CrfNegativeLogLikelihood(emissions, _parameters[0].AsVariable(), _parameters[1].AsVariable(), _parameters[2].AsVariable(), targets, lengths);

    /// <summary>The highest-scoring tag path of each sentence (column b of emissions (T·B, K)), of its own length.</summary>
    public int[][] Decode(ReadOnlySpan<float> emissions, int[] lengths)
    {
        int K = Tags, B = lengths.Length;
        var a = _parameters[0].Value.Span;
        var s = _parameters[1].Value.Span;
        var e = _parameters[2].Value.Span;
        var paths = new int[B][];
        for (int b = 0; b < B; b++)
        {
            int L = lengths[b];
            var delta = new double[K];
            var next = new double[K];
            var back = new int[L, K];
            for (int j = 0; j < K; j++) delta[j] = s[j] + emissions[b * K + j];
            for (int t = 1; t < L; t++)
            {
                for (int j = 0; j < K; j++)
                {
                    double best = double.NegativeInfinity;
                    for (int i = 0; i < K; i++)
                        if (delta[i] + a[i * K + j] > best) (best, back[t, j]) = (delta[i] + a[i * K + j], i);
                    next[j] = best + emissions[(t * B + b) * K + j];
                }
                (delta, next) = (next, delta);
            }
            int last = 0;
            for (int j = 1; j < K; j++) if (delta[j] + e[j] > delta[last] + e[last]) last = j;
            var path = paths[b] = new int[L];
            path[L - 1] = last;
            for (int t = L - 1; t > 0; t--) path[t - 1] = back[t, path[t]];
        }
        return paths;
    }

    /// <summary>The score of one path of sentence b (the quantity Viterbi maximises): s + Σ emissions + Σ transitions + e.</summary>
    public double Score(ReadOnlySpan<float> emissions, int b, int batch, IReadOnlyList<int> path)
    {
        int K = Tags;
        var a = _parameters[0].Value.Span;
        double score = _parameters[1].Value.Span[path[0]] + _parameters[2].Value.Span[path[^1]];
        for (int t = 0; t < path.Count; t++) score += emissions[(t * batch + b) * K + path[t]];
        for (int t = 1; t < path.Count; t++) score += a[path[t - 1] * K + path[t]];
        return score;
    }
}
