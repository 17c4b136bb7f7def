namespace Recurrent.Kernels;

/// <summary>
/// The plain scalar twin of <see cref="Gemm"/>: the specification, the test oracle and the fallback on CPUs
/// without AVX2/FMA. C = α·op(A)·op(B) + β·C, row-major, op(X) = X or Xᵀ.
/// </summary>
public static class GemmReference
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                ref float cij = ref c[i * ldc + j];
                cij = alpha * sum + (beta == 0 ? 0 : beta * cij);
            }
    }
}
