using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// One matrix product per batch entry n, as <c>torch.bmm</c>: a (N, M, K), b (N, K, P) → y (N, M, P),
    /// y[n] = a[n]·b[n]  ⇒  da[n] += dy[n]·b[n]ᵀ, db[n] += a[n]ᵀ·dy[n].
    /// With <paramref name="transposeB"/>, b is (N, P, K) and y[n] = a[n]·b[n]ᵀ (attention scores Q·Kᵀ without
    /// materialising Kᵀ)  ⇒  da[n] += dy[n]·b[n], db[n] += dy[n]ᵀ·a[n].
    /// </summary>
    public static Variable BatchedMatMul(Variable a, Variable b, bool transposeB = false)
    {
        if (a.Value.Rank != 3)
            throw new ArgumentException($"BatchedMatMul: expected a of shape (N, M, K), got {a.Value.ShapeString}.");
        int N = a.Value.Size(0), M = a.Value.Size(1), K = a.Value.Size(2);
        if (b.Value.Rank != 3 || b.Value.Size(0) != N || b.Value.Size(transposeB ? 2 : 1) != K)
            throw new ArgumentException(transposeB
                ? $"BatchedMatMul: expected b of shape ({N}, P, {K}) for a {a.Value.ShapeString} (transposeB), got {b.Value.ShapeString}."
                : $"BatchedMatMul: expected b of shape ({N}, {K}, P) for a {a.Value.ShapeString}, got {b.Value.ShapeString}.");
        int P = b.Value.Size(transposeB ? 1 : 2), ldb = transposeB ? K : P;
        if (M == 1 || (P == 1 && !transposeB)) return BatchedMatVec(a, b, transposeB, N, M, K, P);
        int aSize = M * K, bSize = K * P, ySize = M * P;
        var y = Tensor.Zeros(N, M, P);
        for (int n = 0; n < N; n++)
            Gemm.Multiply(false, transposeB, M, P, K, 1f, a.Value.Span.Slice(n * aSize, aSize), K,
                b.Value.Span.Slice(n * bSize, bSize), ldb, 0f, y.Span.Slice(n * ySize, ySize), P);
        return Variable.Result(y, [a, b], r =>
        {
            for (int n = 0; n < N; n++)
            {
                var dy = r.Grad!.Span.Slice(n * ySize, ySize);
                var an = a.Value.Span.Slice(n * aSize, aSize);
                var bn = b.Value.Span.Slice(n * bSize, bSize);
                // da += dy·bᵀ (b: K × P), or dy·b (b: P × K)
                if (a.RequiresGrad)
                    Gemm.Multiply(false, !transposeB, M, K, P, 1f, dy, P, bn, ldb, 1f, a.GradBuffer.Span.Slice(n * aSize, aSize), K);
                if (!b.RequiresGrad) continue;
                var db = b.GradBuffer.Span.Slice(n * bSize, bSize);
                // db += aᵀ·dy (K × P), or dyᵀ·a (P × K)
                if (transposeB) Gemm.Multiply(true, false, P, K, M, 1f, dy, P, an, K, 1f, db, K);
                else Gemm.Multiply(true, false, K, P, M, 1f, an, K, dy, P, 1f, db, P);
            }
        });
    }

    // The matrix-vector shapes of attention, one product per row, where a packed GEMM call per batch entry costs more
    // than the arithmetic: each is a dot product or a row update (y += s·x) of contiguous rows of length K or P.
    //   scores,  P = 1:              y_m = a_m · x          ⇒  da_m += dy_m x,      dx += Σ_m dy_m a_m
    //   context, M = 1:              y = Σ_k x_k b_k        ⇒  dx_k += dy · b_k,    db_k += x_k dy
    //   context, M = 1, transposeB:  y_p = x · b_p          ⇒  dx += Σ_p dy_p b_p,  db_p += dy_p x
    // (a_m, b_k, b_p the rows of the matrix operand; x the vector operand.)
    private static Variable BatchedMatVec(Variable a, Variable b, bool transposeB, int N, int M, int K, int P)
    {
        int aSize = M * K, bSize = K * P, ySize = M * P;
        var y = Tensor.Zeros(N, M, P);
        for (int n = 0; n < N; n++)
        {
            ReadOnlySpan<float> an = a.Value.Span.Slice(n * aSize, aSize), bn = b.Value.Span.Slice(n * bSize, bSize);
            var yn = y.Span.Slice(n * ySize, ySize);
            if (M != 1)
                for (int m = 0; m < M; m++) yn[m] = TensorPrimitives.Dot(an.Slice(m * K, K), bn);
            else if (transposeB)
                for (int p = 0; p < P; p++) yn[p] = TensorPrimitives.Dot(an, bn.Slice(p * K, K));
            else
                for (int k = 0; k < K; k++) TensorPrimitives.MultiplyAdd(bn.Slice(k * P, P), an[k], yn, yn);
        }
        return Variable.Result(y, [a, b], r =>
        {
            for (int n = 0; n < N; n++)
            {
                ReadOnlySpan<float> dy = r.Grad!.Span.Slice(n * ySize, ySize), an = a.Value.Span.Slice(n * aSize, aSize), bn = b.Value.Span.Slice(n * bSize, bSize);
                Span<float> da = a.RequiresGrad ? a.GradBuffer.Span.Slice(n * aSize, aSize) : default;
                Span<float> db = b.RequiresGrad ? b.GradBuffer.Span.Slice(n * bSize, bSize) : default;
                if (M != 1)
                    for (int m = 0; m < M; m++)
                    {
                        if (a.RequiresGrad) TensorPrimitives.MultiplyAdd(bn, dy[m], da.Slice(m * K, K), da.Slice(m * K, K));
                        if (b.RequiresGrad) TensorPrimitives.MultiplyAdd(an.Slice(m * K, K), dy[m], db, db);
                    }
                else if (transposeB)
                    for (int p = 0; p < P; p++)
                    {
                        if (a.RequiresGrad) TensorPrimitives.MultiplyAdd(bn.Slice(p * K, K), dy[p], da, da);
                        if (b.RequiresGrad) TensorPrimitives.MultiplyAdd(an, dy[p], db.Slice(p * K, K), db.Slice(p * K, K));
                    }
                else
                    for (int k = 0; k < K; k++)
                    {
                        if (a.RequiresGrad) da[k] += TensorPrimitives.Dot(dy, bn.Slice(k * P, P));
                        if (b.RequiresGrad) TensorPrimitives.MultiplyAdd(dy, an[k], db.Slice(k * P, P), db.Slice(k * P, P));
                    }
            }
        });
    }
}
