using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// The linear-chain CRF loss (Lafferty et al. 2001; BiLSTM-CRF as Lample et al. 2016), per real token:
    /// for sentence b of length L with tags y, emission scores x_t (K) and transitions A (K, K, from → to), start s and
    /// end e (K):
    ///   score(y) = s[y₀] + Σ_t x_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + e[y_{L−1}]
    ///   log Z    = log Σ_y′ exp score(y′), by the forward algorithm α₀ = s + x₀, α_t[j] = logsumexp_i(α_{t−1}[i] + A[i, j]) + x_t[j],
    ///              log Z = logsumexp_j(α_{L−1}[j] + e[j])
    ///   loss     = Σ_b (log Z_b − score_b(y_b)) / Σ_b L_b
    /// emissions (T·B, K) step-major, targets (T·B) (read only where t &lt; lengths[b]), lengths (B).
    /// Backward: ∂loss/∂x_t[j] = (P(y_t = j) − [y_t = j]) / N, and for A, s, e the expected minus the observed counts,
    /// with the marginals from the backward pass β_{L−1} = e, β_t[i] = logsumexp_j(A[i, j] + x_{t+1}[j] + β_{t+1}[j]).
    /// Computed in double.
    /// </summary>
    public static Variable CrfNegativeLogLikelihood(Variable emissions, Variable transitions, Variable start, Variable end,
        ReadOnlySpan<int> targets, int[] lengths)
    {
        int K = transitions.Value.Size(0), B = lengths.Length, rows = emissions.Value.Size(0);
        if (emissions.Value.Rank != 2 || emissions.Value.Size(1) != K || rows % Math.Max(1, B) != 0)
            throw new ArgumentException($"CRF: expected emissions (T·B, {K}), got {emissions.Value.ShapeString} for {B} sentences.");
        if (targets.Length != rows) throw new ArgumentException($"CRF: {targets.Length} targets for {rows} emission rows.");
        int T = rows / B;
        var y = targets.ToArray();
        ReadOnlySpan<float> xs = emissions.Value.Span, As = transitions.Value.Span, st = start.Value.Span, es = end.Value.Span;
        double total = 0;
        long tokens = 0;
        var alphas = new double[B][];
        var logZ = new double[B];
        for (int b = 0; b < B; b++)
        {
            int L = lengths[b];
            if (L < 1 || L > T) throw new ArgumentException($"CRF: length {L} of sentence {b} is outside [1, {T}].");
            for (int t = 0; t < L; t++)
                if ((uint)y[t * B + b] >= (uint)K) throw new ArgumentException($"CRF: tag {y[t * B + b]} at step {t} of sentence {b} is outside 0..{K - 1}.");
            var alpha = alphas[b] = new double[L * K];
            for (int j = 0; j < K; j++) alpha[j] = st[j] + xs[b * K + j];
            var scratch = new double[K];
            for (int t = 1; t < L; t++)
                for (int j = 0; j < K; j++)
                {
                    for (int i = 0; i < K; i++) scratch[i] = alpha[(t - 1) * K + i] + As[i * K + j];
                    alpha[t * K + j] = LogSumExp(scratch) + xs[(t * B + b) * K + j];
                }
            for (int j = 0; j < K; j++) scratch[j] = alpha[(L - 1) * K + j] + es[j];
            logZ[b] = LogSumExp(scratch);
            double score = st[y[b]] + es[y[(L - 1) * B + b]];
            for (int t = 0; t < L; t++) score += xs[(t * B + b) * K + y[t * B + b]];
            for (int t = 1; t < L; t++) score += As[y[(t - 1) * B + b] * K + y[t * B + b]];
            total += logZ[b] - score;
            tokens += L;
        }
        var value = Tensor.FromArray([(float)(total / tokens)], 1);
        return Variable.Result(value, [emissions, transitions, start, end], r =>
        {
            double g = r.Grad!.Span[0] / (double)tokens;
            ReadOnlySpan<float> x = emissions.Value.Span, a = transitions.Value.Span, en = end.Value.Span;
            var dx = emissions.GradBuffer.Span;
            var dA = transitions.GradBuffer.Span;
            var ds = start.GradBuffer.Span;
            var de = end.GradBuffer.Span;
            var beta = new double[T * K];
            var scratch = new double[K];
            for (int b = 0; b < B; b++)
            {
                int L = lengths[b];
                var alpha = alphas[b];
                for (int j = 0; j < K; j++) beta[(L - 1) * K + j] = en[j];
                for (int t = L - 2; t >= 0; t--)
                    for (int i = 0; i < K; i++)
                    {
                        for (int j = 0; j < K; j++) scratch[j] = a[i * K + j] + x[((t + 1) * B + b) * K + j] + beta[(t + 1) * K + j];
                        beta[t * K + i] = LogSumExp(scratch);
                    }
                for (int t = 0; t < L; t++)
                {
                    int row = (t * B + b) * K, gold = y[t * B + b];
                    for (int j = 0; j < K; j++)
                    {
                        double marginal = Math.Exp(alpha[t * K + j] + beta[t * K + j] - logZ[b]);   // P(y_t = j)
                        dx[row + j] += (float)(g * (marginal - (j == gold ? 1 : 0)));
                        if (t == 0) ds[j] += (float)(g * (marginal - (j == gold ? 1 : 0)));
                        if (t == L - 1) de[j] += (float)(g * (marginal - (j == gold ? 1 : 0)));
                    }
                    if (t == 0) continue;
                    int previous = y[(t - 1) * B + b];
                    // P(y_{t−1} = i, y_t = j) = exp(α_{t−1}[i] + A[i, j] + x_t[j] + β_t[j] − log Z)
                    for (int i = 0; i < K; i++)
                        for (int j = 0; j < K; j++)
                        {
                            double pair = Math.Exp(alpha[(t - 1) * K + i] + a[i * K + j] + x[row + j] + beta[t * K + j] - logZ[b]);
                            dA[i * K + j] += (float)(g * (pair - (i == previous && j == gold ? 1 : 0)));
                        }
                }
            }
        });
    }

    private static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = double.NegativeInfinity;
        foreach (double d in v) if (d > max) max = d;
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (double d in v) sum += Math.Exp(d - max);
        return max + Math.Log(sum);
    }
}
