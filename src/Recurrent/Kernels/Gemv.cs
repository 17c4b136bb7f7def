using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// Matrix-vector product y = β·y + W·x for W (M × K) row-major: the batch-1 case of a recurrent step, where a GEMM
/// would waste most of its 6-row micro-tile. Memory-bound (each weight is read once), so rows are split across
/// <see cref="KernelThreads"/> when the matrix is large enough to pay for the hand-off.
/// </summary>
public static unsafe class Gemv
{
    private const long ParallelThreshold = 64 * 1024;   // multiply-adds

    public static void Multiply(int m, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        CheckOperands(m, k, w, x, y);
        if (m == 0) return;
        fixed (float* pw = w, px = x, py = y)
        {
            if ((long)m * k < ParallelThreshold || KernelThreads.Count == 1) { Rows(pw, px, py, k, 0, m, beta); return; }
            var job = GemvJob.ForThisThread;
            (job.W, job.X, job.Y, job.K, job.M, job.Beta) = ((nint)pw, (nint)px, (nint)py, k, m, beta);
            job.Tasks = Math.Min(KernelThreads.Count, 4);
            KernelThreads.Run(job, job.Tasks);
        }
    }

    /// <summary>
    /// The same product on the calling thread alone, for callers that split their work across the threads themselves
    /// (a batch-1 step split by hidden units). Each row's arithmetic is that of <see cref="Multiply"/>.
    /// </summary>
    internal static void MultiplyOnThisThread(int m, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y, int bits = 0)
    {
        CheckOperands(m, k, w, x, y);
        fixed (float* pw = w, px = x, py = y) Rows(pw, px, py, k, 0, m, beta, bits);
    }

    private static void CheckOperands(int m, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y)
    {
        if (w.Length < (long)m * k || x.Length < k || y.Length < m)
            throw new ArgumentException($"GEMV: W ({m}×{k}) needs {(long)m * k} floats (got {w.Length}), x {k} (got {x.Length}), y {m} (got {y.Length}).");
    }

    /// <summary>The scalar twin: the specification and test oracle.</summary>
    public static void MultiplyReference(int m, int k, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        for (int i = 0; i < m; i++)
        {
            float s = 0;
            for (int j = 0; j < k; j++) s += w[i * k + j] * x[j];
            y[i] = s + (beta == 0 ? 0 : beta * y[i]);
        }
    }

    // Four rows at a time share each load of x; two 8-lane accumulators per row (16 columns per iteration) keep
    // eight FMA chains in flight; horizontal sums at the end, scalar tail. A lone row does the same arithmetic.
    internal static void Rows(float* w, float* x, float* y, int k, int row0, int row1, float beta, int bits = 0)
    {
        if (Activations.Resolve(bits) == 512) { Rows512(w, x, y, k, row0, row1, beta); return; }
        bool simd = Fma.IsSupported;
        int i = row0;
        for (; simd && i + 4 <= row1; i += 4)
        {
            float* r0 = w + (long)i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
            int j = 0;
            for (; j + 16 <= k; j += 16)
            {
                var xv = Avx.LoadVector256(x + j);
                var xw = Avx.LoadVector256(x + j + 8);
                a0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + j), xv, a0);
                a1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + j), xv, a1);
                a2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + j), xv, a2);
                a3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + j), xv, a3);
                b0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + j + 8), xw, b0);
                b1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + j + 8), xw, b1);
                b2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + j + 8), xw, b2);
                b3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + j + 8), xw, b3);
            }
            if (j + 8 <= k)
            {
                var xv = Avx.LoadVector256(x + j);
                a0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + j), xv, a0);
                a1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + j), xv, a1);
                a2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + j), xv, a2);
                a3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + j), xv, a3);
                j += 8;
            }
            float s0 = Vector256.Sum(a0 + b0), s1 = Vector256.Sum(a1 + b1), s2 = Vector256.Sum(a2 + b2), s3 = Vector256.Sum(a3 + b3);
            for (; j < k; j++) { float xj = x[j]; s0 += r0[j] * xj; s1 += r1[j] * xj; s2 += r2[j] * xj; s3 += r3[j] * xj; }
            Store(y + i, s0, beta); Store(y + i + 1, s1, beta); Store(y + i + 2, s2, beta); Store(y + i + 3, s3, beta);
        }
        for (; i < row1; i++)
        {
            float* r = w + (long)i * k;
            float s = 0;
            int j = 0;
            if (simd)
            {
                Vector256<float> a = default, b = default;
                for (; j + 16 <= k; j += 16)
                {
                    a = Fma.MultiplyAdd(Avx.LoadVector256(r + j), Avx.LoadVector256(x + j), a);
                    b = Fma.MultiplyAdd(Avx.LoadVector256(r + j + 8), Avx.LoadVector256(x + j + 8), b);
                }
                if (j + 8 <= k) { a = Fma.MultiplyAdd(Avx.LoadVector256(r + j), Avx.LoadVector256(x + j), a); j += 8; }
                s = Vector256.Sum(a + b);
            }
            for (; j < k; j++) s += r[j] * x[j];
            Store(y + i, s, beta);
        }
    }

    // The same arithmetic in 512-bit registers: lanes 0–7 of each accumulator are the 256-bit path's a (columns j..j+7
    // of each 16), lanes 8–15 its b, so both widths add the same products in the same order and give the same bits.
    private static void Rows512(float* w, float* x, float* y, int k, int row0, int row1, float beta)
    {
        int i = row0;
        for (; i + 4 <= row1; i += 4)
        {
            float* r0 = w + (long)i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int j = 0;
            for (; j + 16 <= k; j += 16)
            {
                var xv = Vector512.Load(x + j);
                a0 = Avx512F.FusedMultiplyAdd(Vector512.Load(r0 + j), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Vector512.Load(r1 + j), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Vector512.Load(r2 + j), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Vector512.Load(r3 + j), xv, a3);
            }
            Vector256<float> l0 = a0.GetLower(), l1 = a1.GetLower(), l2 = a2.GetLower(), l3 = a3.GetLower();
            if (j + 8 <= k)
            {
                var xv = Avx.LoadVector256(x + j);
                l0 = Fma.MultiplyAdd(Avx.LoadVector256(r0 + j), xv, l0);
                l1 = Fma.MultiplyAdd(Avx.LoadVector256(r1 + j), xv, l1);
                l2 = Fma.MultiplyAdd(Avx.LoadVector256(r2 + j), xv, l2);
                l3 = Fma.MultiplyAdd(Avx.LoadVector256(r3 + j), xv, l3);
                j += 8;
            }
            float s0 = Vector256.Sum(l0 + a0.GetUpper()), s1 = Vector256.Sum(l1 + a1.GetUpper());
            float s2 = Vector256.Sum(l2 + a2.GetUpper()), s3 = Vector256.Sum(l3 + a3.GetUpper());
            for (; j < k; j++) { float xj = x[j]; s0 += r0[j] * xj; s1 += r1[j] * xj; s2 += r2[j] * xj; s3 += r3[j] * xj; }
            Store(y + i, s0, beta); Store(y + i + 1, s1, beta); Store(y + i + 2, s2, beta); Store(y + i + 3, s3, beta);
        }
        for (; i < row1; i++)
        {
            float* r = w + (long)i * k;
            Vector512<float> a = default;
            int j = 0;
            for (; j + 16 <= k; j += 16) a = Avx512F.FusedMultiplyAdd(Vector512.Load(r + j), Vector512.Load(x + j), a);
            var lower = a.GetLower();
            if (j + 8 <= k) { lower = Fma.MultiplyAdd(Avx.LoadVector256(r + j), Avx.LoadVector256(x + j), lower); j += 8; }
            float s = Vector256.Sum(lower + a.GetUpper());
            for (; j < k; j++) s += r[j] * x[j];
            Store(y + i, s, beta);
        }
    }

    private static void Store(float* y, float s, float beta) => *y = beta == 0 ? s : s + beta * *y;
}

internal sealed unsafe class GemvJob : IParallelWork
{
    [ThreadStatic] private static GemvJob? _forThisThread;
    public static GemvJob ForThisThread => _forThisThread ??= new GemvJob();
    public nint W, X, Y;
    public int K, M, Tasks;
    public float Beta;

    // Row blocks in multiples of 4 (the kernel's unroll), so every split gives the same arithmetic per row.
    public void Execute(int task)
    {
        int per = (M / 4 + Tasks - 1) / Tasks * 4;
        int r0 = Math.Min(M, task * per), r1 = task == Tasks - 1 ? M : Math.Min(M, r0 + per);
        Gemv.Rows((float*)W, (float*)X, (float*)Y, K, r0, r1, Beta);
    }
}
