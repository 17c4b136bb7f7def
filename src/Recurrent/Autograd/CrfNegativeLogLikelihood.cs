using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// The linear-chain CRF loss (Lafferty et al. 2001; BiLSTM-CRF as Lample et al. 2016), per real token:
    /// for sentence b of length L with tags y, emission scores x_t (K) and transitions A (K, K, from → to), start s and
    /// end e (K):
    ///   score(y) = s[y₀] + Σ_t x_t[y_t] + Σ_{t≥1} A[y_{t−1}, y_t] + e[y_{L−1}]
    ///   Z        = Σ_y′ exp score(y′), by the forward algorithm α₀ = exp(s + x₀), α_t[j] = Σ_i α_{t−1}[i] exp(A[i, j]) · exp(x_t[j]),
    ///              Z = Σ_j α_{L−1}[j] exp(e[j])
    ///   loss     = Σ_b (log Z_b − score_b(y_b)) / Σ_b L_b
    /// emissions (T·B, K) step-major, targets (T·B) (read only where t &lt; lengths[b]), lengths (B).
    /// Backward: ∂loss/∂x_t[j] = (P(y_t = j) − [y_t = j]) / N, and for A, s, e the expected minus the observed counts,
    /// with the marginals from the backward pass β_{L−1} = exp(e), β_t[i] = Σ_j exp(A[i, j]) exp(x_{t+1}[j]) β_{t+1}[j]:
    /// P(y_t = j) ∝ α_t[j] β_t[j], P(y_{t−1} = i, y_t = j) ∝ α_{t−1}[i] exp(A[i, j]) exp(x_t[j]) β_t[j].
    /// Computed in double, in probability space with every α_t and β_t rescaled to sum 1 (the scales kept as logs), so
    /// each step is K² multiply-adds and K exponentials, not K² exponentials.
    /// </summary>
    public static Variable CrfNegativeLogLikelihood(Variable emissions, Variable transitions, Variable start, Variable end,
        ReadOnlySpan<int> targets, int[] lengths)
    {
        int K = transitions.Value.Size(0), B = lengths.Length, rows = emissions.Value.Size(0);
        if (emissions.Value.Rank != 2 || emissions.Value.Size(1) != K || B == 0 || rows % B != 0)
            throw new ArgumentException($"CRF: expected emissions (T·B, {K}), got {emissions.Value.ShapeString} for {B} sentences.");
        if (targets.Length != rows) throw new ArgumentException($"CRF: {targets.Length} targets for {rows} emission rows.");
        int T = rows / B;
        var y = targets.ToArray();
        var crf = new CrfChain(emissions.Value, transitions.Value, start.Value, end.Value, B);
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
            (alphas[b], logZ[b]) = crf.Forward(b, L);
            total += logZ[b] - crf.Score(b, L, y);
            tokens += L;
        }
        var value = Tensor.FromArray([(float)(total / tokens)], 1);
        return Variable.Result(value, [emissions, transitions, start, end], r =>
        {
            double g = r.Grad!.Span[0] / (double)tokens;
            var dx = emissions.GradBuffer.Span;
            var dA = transitions.GradBuffer.Span;
            var ds = start.GradBuffer.Span;
            var de = end.GradBuffer.Span;
            var beta = new double[T * K];
            var marginal = new double[K];
            var pair = new double[K * K];
            for (int b = 0; b < B; b++)
            {
                int L = lengths[b];
                var alpha = alphas[b];
                crf.Backward(b, L, beta);
                for (int t = 0; t < L; t++)
                {
                    int row = (t * B + b) * K, gold = y[t * B + b];
                    crf.Marginals(alpha, beta, t, marginal);
                    for (int j = 0; j < K; j++)
                    {
                        double d = g * (marginal[j] - (j == gold ? 1 : 0));
                        dx[row + j] += (float)d;
                        if (t == 0) ds[j] += (float)d;
                        if (t == L - 1) de[j] += (float)d;
                    }
                    if (t == 0) continue;
                    crf.PairMarginals(alpha, beta, b, t, pair);
                    int previous = y[(t - 1) * B + b];
                    for (int i = 0; i < K * K; i++) dA[i] += (float)(g * pair[i]);
                    dA[previous * K + gold] -= (float)g;
                }
            }
        });
    }

    /// <summary>The scaled forward-backward passes of <see cref="CrfNegativeLogLikelihood"/> over one batch.</summary>
    private sealed class CrfChain
    {
        private readonly int _k, _batch;
        private readonly float[] _x, _a, _s, _e;
        private readonly double[] _expA;          // exp(A − max A), (K, K)
        private readonly double _maxA;

        public CrfChain(Tensor emissions, Tensor transitions, Tensor start, Tensor end, int batch)
        {
            (_k, _batch) = (transitions.Size(0), batch);
            (_x, _a, _s, _e) = (emissions.Span.ToArray(), transitions.Span.ToArray(), start.Span.ToArray(), end.Span.ToArray());
            _maxA = _a.Max();
            _expA = _a.Select(v => Math.Exp(v - _maxA)).ToArray();
        }

        private ReadOnlySpan<double> ExpA(int i) => _expA.AsSpan(i * _k, _k);

        /// <summary>w[j] = exp(x_t[j] − m) for sentence b, returning m.</summary>
        private double Emission(int b, int t, double[] w)
        {
            int row = (t * _batch + b) * _k;
            double m = double.NegativeInfinity;
            for (int j = 0; j < _k; j++) m = Math.Max(m, _x[row + j]);
            for (int j = 0; j < _k; j++) w[j] = Math.Exp(_x[row + j] - m);
            return m;
        }

        private static double Normalise(Span<double> v)
        {
            double sum = 0;
            foreach (double d in v) sum += d;
            for (int i = 0; i < v.Length; i++) v[i] /= sum;
            return Math.Log(sum);
        }

        /// <summary>The rescaled α_t (each summing to 1), (L, K), and log Z.</summary>
        public (double[] Alpha, double LogZ) Forward(int b, int length)
        {
            int K = _k;
            var alpha = new double[length * K];
            var w = new double[K];
            double m = Emission(b, 0, w), ms = _s.Max();
            for (int j = 0; j < K; j++) alpha[j] = Math.Exp(_s[j] - ms) * w[j];
            double logScale = ms + m + Normalise(alpha.AsSpan(0, K));
            for (int t = 1; t < length; t++)
            {
                m = Emission(b, t, w);
                var current = alpha.AsSpan(t * K, K);
                ReadOnlySpan<double> previous = alpha.AsSpan((t - 1) * K, K);
                for (int i = 0; i < K; i++) TensorPrimitives.MultiplyAdd(ExpA(i), previous[i], current, current);
                TensorPrimitives.Multiply(current, w, current);
                logScale += _maxA + m + Normalise(current);
            }
            double me = _e.Max(), z = 0;
            for (int j = 0; j < K; j++) z += alpha[(length - 1) * K + j] * Math.Exp(_e[j] - me);
            return (alpha, logScale + me + Math.Log(z));
        }

        /// <summary>The rescaled β_t (each summing to 1) into <paramref name="beta"/> (L, K).</summary>
        public void Backward(int b, int length, double[] beta)
        {
            int K = _k;
            var w = new double[K];
            var v = new double[K];
            double me = _e.Max();
            for (int j = 0; j < K; j++) beta[(length - 1) * K + j] = Math.Exp(_e[j] - me);
            Normalise(beta.AsSpan((length - 1) * K, K));
            for (int t = length - 2; t >= 0; t--)
            {
                Emission(b, t + 1, w);
                TensorPrimitives.Multiply(w, beta.AsSpan((t + 1) * K, K), v);
                for (int i = 0; i < K; i++) beta[t * K + i] = TensorPrimitives.Dot(ExpA(i), v);
                Normalise(beta.AsSpan(t * K, K));
            }
        }

        /// <summary>P(y_t = j) ∝ α_t[j] β_t[j].</summary>
        public void Marginals(double[] alpha, double[] beta, int t, double[] p)
        {
            for (int j = 0; j < _k; j++) p[j] = alpha[t * _k + j] * beta[t * _k + j];
            Normalise(p);
        }

        /// <summary>P(y_{t−1} = i, y_t = j) ∝ α_{t−1}[i] exp(A[i, j]) exp(x_t[j]) β_t[j], (K, K).</summary>
        public void PairMarginals(double[] alpha, double[] beta, int b, int t, double[] pair)
        {
            int K = _k;
            var w = new double[K];
            Emission(b, t, w);
            TensorPrimitives.Multiply(w, beta.AsSpan(t * K, K), w);
            for (int i = 0; i < K; i++)
            {
                var row = pair.AsSpan(i * K, K);
                TensorPrimitives.Multiply(ExpA(i), w, row);
                TensorPrimitives.Multiply(row, alpha[(t - 1) * K + i], row);
            }
            Normalise(pair);
        }

        /// <summary>score(y) of sentence b's gold tags.</summary>
        public double Score(int b, int length, int[] y)
        {
            int K = _k, B = _batch;
            double score = _s[y[b]] + _e[y[(length - 1) * B + b]];
            for (int t = 0; t < length; t++) score += _x[(t * B + b) * K + y[t * B + b]];
            for (int t = 1; t < length; t++) score += _a[y[(t - 1) * B + b] * K + y[t * B + b]];
            return score;
        }
    }
}
