using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// Single-precision matrix multiply, C = α·op(A)·op(B) + β·C, row-major, op(X) = X or Xᵀ.
/// Shapes: op(A) is M×K, op(B) is K×N, C is M×N; lda, ldb, ldc are the row strides of the stored matrices.
/// </summary>
/// <remarks>
/// The GotoBLAS/BLIS structure: B is packed in KC×NC blocks into NR-wide panels, A in MC×KC blocks into MR-high
/// panels, and a register-blocked micro-kernel computes MR×NR of C at a time: 6×16 with AVX2/FMA (12 ymm
/// accumulators), 8×32 with AVX-512 (16 zmm accumulators, <c>Gemm.Avx512.cs</c>), as <see cref="VectorWidth"/> chose.
/// Both widths add each C element's products in the same order (depth blocks of KC, p ascending, one FMA each), so
/// they give the same bits. Work is split across <see cref="KernelThreads"/> along the longer of M and N; each
/// thread packs its own operands, so threads share nothing but the read-only inputs.
/// </remarks>
public static unsafe partial class Gemm
{
    internal const int MR = 6, NR = 16, KC = 256, MC = 144, NC = 3072;

    /// <summary>The 512-bit micro-tile (MC and NC are multiples of both tiles).</summary>
    internal const int MR512 = 8, NR512 = 32;

    /// <summary>Below this many multiply-adds, one thread is faster than two.</summary>
    private const long ParallelThreshold = 48 * 1024;

    public static bool IsAccelerated => Fma.IsSupported && Avx2.IsSupported;

    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        Multiply(VectorWidth.Bits, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The same at a given width, 256 or 512 bits (512 runs as 256 where the CPU lacks it).</summary>
    internal static void Multiply(int bits, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        CheckOperand("C", m, n, c.Length, ldc);
        if (m == 0 || n == 0) return;
        ScaleC(m, n, beta, c, ldc, kernelRuns: k != 0 && alpha != 0 && IsAccelerated);
        if (k == 0 || alpha == 0) return;
        if (!IsAccelerated)
        {
            GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, 1f, c, ldc);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = GemmJob.ForThisThread;
            job.Set(VectorWidth.Usable(bits) == 512, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, null, pc, ldc, overwrite: beta == 0f);
            Dispatch(job, (long)m * n * k);
        }
    }

    /// <summary>Packs op(B) (K×N) for repeated use with <see cref="Multiply(bool,int,int,int,float,ReadOnlySpan{float},int,PackedMatrix,float,Span{float},int)"/>.</summary>
    public static void Pack(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb, PackedMatrix packed) =>
        Pack(VectorWidth.Bits, transB, k, n, b, ldb, packed);

    /// <summary>The same for the micro-kernel of a given width; the packed matrix then runs at that width.</summary>
    internal static void Pack(int bits, bool transB, int k, int n, ReadOnlySpan<float> b, int ldb, PackedMatrix packed)
    {
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        packed.Resize(k, n, VectorWidth.Usable(bits) == 512 ? NR512 : NR);
        fixed (float* pb = b)
        {
            float* dst = packed.Pointer;
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                PackB(transB, pb, ldb, pc, 0, kc, n, dst + (long)pc * packed.PaddedN, packed.PanelWidth);
            }
        }
    }

    /// <summary>C = α·op(A)·B + β·C with B packed beforehand by <see cref="Pack(bool,int,int,ReadOnlySpan{float},int,PackedMatrix)"/>, at the width it was packed for.</summary>
    public static void Multiply(bool transA, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        PackedMatrix b, float beta, Span<float> c, int ldc)
    {
        if (b.K != k || b.N != n)
            throw new ArgumentException($"Packed operand is {b.K}×{b.N}, expected {k}×{n}.");
        CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand("C", m, n, c.Length, ldc);
        if (m == 0 || n == 0) return;
        ScaleC(m, n, beta, c, ldc, kernelRuns: k != 0 && alpha != 0);
        if (k == 0 || alpha == 0) return;
        fixed (float* pa = a, pc = c)
        {
            var job = GemmJob.ForThisThread;
            job.Set(b.PanelWidth == NR512, transA, false, m, n, k, alpha, pa, lda, null, 0, b, pc, ldc, overwrite: beta == 0f);
            Dispatch(job, (long)m * n * k);
        }
    }

    private static void Dispatch(GemmJob job, long multiplyAdds)
    {
        // The caller may run any of the tasks: its packing buffers exist from its first call on, not from the first
        // task it happens to win, so steady-state calls never allocate.
        _ = PackBuffers.ForThisThread;
        int threads = multiplyAdds < ParallelThreshold ? 1 : KernelThreads.Count;
        job.Split(threads);
        KernelThreads.Run(job, job.TaskCount);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld)
    {
        if (rows < 0 || cols < 0) throw new ArgumentException($"GEMM operand {name} has negative size {rows}×{cols}.");
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"GEMM operand {name} ({rows}×{cols}) has row stride {ld} < {cols}.");
        if ((long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"GEMM operand {name} ({rows}×{cols}, row stride {ld}) needs {(long)(rows - 1) * ld + cols} floats, got {length}.");
    }

    // β·C before the product, so the micro-kernel only accumulates. Nothing to do for β = 1, nor for β = 0 when the
    // micro-kernel runs: it then overwrites C in its first depth block (NaNs in C do not survive β = 0, as in BLAS).
    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc, bool kernelRuns)
    {
        if (beta == 1f || (beta == 0f && kernelRuns)) return;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>One thread's share: rows [m0, m1) of C, column panels [p0, p1).</summary>
    internal static void ComputeBlock(GemmJob j, int m0, int m1, int p0, int p1, PackBuffers buffers)
    {
        if (j.PackedB is { } packed)
        {
            for (int pc = 0; pc < j.K; pc += KC)
            {
                int kc = Math.Min(KC, j.K - pc);
                MacroKernel(j, m0, m1, packed.Pointer + (long)pc * packed.PaddedN, p0, p1, 0, j.N, kc, pc, buffers.A, j.Overwrite && pc == 0);
            }
            return;
        }
        int nr = j.Nr, n0 = p0 * nr, n1 = Math.Min(j.N, p1 * nr);
        for (int jc = n0; jc < n1; jc += NC)
        {
            int nc = Math.Min(NC, n1 - jc);
            for (int pc = 0; pc < j.K; pc += KC)
            {
                int kc = Math.Min(KC, j.K - pc);
                PackB(j.TransB, j.B, j.Ldb, pc, jc, kc, nc, buffers.B, nr);
                MacroKernel(j, m0, m1, buffers.B, 0, (nc + nr - 1) / nr, jc, nc, kc, pc, buffers.A, j.Overwrite && pc == 0);
            }
        }
    }

    // For each MC block of rows: pack A, then sweep B panels (each stays in L1) over the A panels (in L2).
    private static void MacroKernel(GemmJob j, int m0, int m1, float* bBlock, int p0, int p1,
        int colBase, int cols, int kc, int pc, float* aBuffer, bool overwrite)
    {
        if (j.Wide) { MacroKernel512(j, m0, m1, bBlock, p0, p1, colBase, cols, kc, pc, aBuffer, overwrite); return; }
        for (int ic = m0; ic < m1; ic += MC)
        {
            int mc = Math.Min(MC, m1 - ic);
            PackA(j.TransA, j.A, j.Lda, ic, pc, mc, kc, aBuffer);
            for (int jp = p0; jp < p1; jp++)
            {
                int nr = Math.Min(NR, cols - jp * NR);
                float* bPanel = bBlock + (long)jp * kc * NR;
                float* cCol = j.C + colBase + jp * NR;
                for (int ir = 0; ir < mc; ir += MR)
                {
                    var (first, mr) = PanelRows(mc, ir);
                    float* aPanel = aBuffer + (long)ir * kc, cTile = cCol + (long)(ic + first) * j.Ldc;
                    // Panels of at most 4 rows skip the empty rows of the 6-row kernel.
                    if (mr <= 4) MicroKernel4(kc, aPanel, bPanel, cTile, j.Ldc, j.Alpha, mr, nr, overwrite);
                    else MicroKernel(kc, aPanel, bPanel, cTile, j.Ldc, j.Alpha, mr, nr, overwrite);
                }
            }
        }
    }

    // The rows [first, first + rows) of the block that panel slot ir (a multiple of MR) holds. Slots hold MR rows, the
    // last one the remainder; but a remainder of 1 or 2 rows takes the 2 rows before it too, and the full panel before
    // keeps only its first 4: two 4-row-kernel panels (M = 32: 4 × 6 + 4 + 4) cost less than a 6-row one plus a mostly
    // empty one (5 × 6 + 2), which measured as slow as M = 36. Each row is still computed exactly once, the same way.
    private static (int First, int Rows) PanelRows(int mc, int ir)
    {
        int remainder = mc % MR, lastFull = mc - remainder - MR;
        bool splitTail = remainder is 1 or 2 && lastFull >= 0;
        if (splitTail && ir == lastFull) return (ir, 4);
        if (splitTail && ir == lastFull + MR) return (ir - 2, remainder + 2);
        return (ir, Math.Min(MR, mc - ir));
    }

    // A(i, p) for rows [i0, i0+mc), depth [p0, p0+kc) → MR-high panels, each kc×MR with the MR values of one p adjacent
    // (panel rows as PanelRows gives them; a panel's rows past its count are zero).
    [SkipLocalsInit]
    private static void PackA(bool transA, float* a, int lda, int i0, int p0, int mc, int kc, float* dst)
    {
        float* t = stackalloc float[64];
        if (transA)
        {
            // Aᵀ stored: depth p is a contiguous row of a. Walk the rows once, dealing each one's values out to all
            // panels (MR at a time, as 4 + 2 floats): reading down the columns instead would touch a new cache line per
            // value, lda apart, which for power-of-two strides all land in the same few L1 sets.
            int full = mc / MR * MR;
            for (int p = 0; p < kc; p++)
            {
                float* src = a + (long)(p0 + p) * lda + i0;
                float* d = dst + p * MR;
                for (int ir = 0; ir < full; ir += MR, d += (long)MR * kc)
                {
                    Vector128.Store(Vector128.Load(src + ir), d);
                    *(long*)(d + 4) = *(long*)(src + ir + 4);
                }
                if (full < mc)
                {
                    var (first, rows) = PanelRows(mc, full);
                    int r = 0;
                    for (; r < rows; r++) d[r] = src[first + r];
                    for (; r < MR; r++) d[r] = 0;
                }
            }
            return;
        }
        // A stored: MR rows, each contiguous in p. Full panels go 8 p at a time through an 8×8 transpose whose two
        // spare rows repeat row 0; the first 6 lanes of each transposed vector are one p's MR values.
        for (int ir = 0; ir < mc; ir += MR)
        {
            // Full slots pack all MR rows (the vector path), even the one whose kernel then uses only 4.
            var (first, mr) = ir + MR < mc ? (ir, MR) : PanelRows(mc, ir);
            float* panel = dst + (long)ir * kc;
            int p8 = mr == MR ? kc / 8 * 8 : 0;
            float* row = a + (long)(i0 + first) * lda + p0;
            for (int p = 0; p < p8; p += 8)
            {
                Transpose8x8Rows(row + p, lda, t);
                for (int q = 0; q < 8; q++)
                {
                    float* d = panel + (p + q) * MR;
                    Vector128.Store(Vector128.Load(t + q * 8), d);
                    *(long*)(d + 4) = *(long*)(t + q * 8 + 4);
                }
            }
            for (int r = 0; r < MR; r++)
            {
                if (r >= mr) { for (int p = 0; p < kc; p++) panel[p * MR + r] = 0; continue; }
                float* src = row + (long)r * lda;
                for (int p = p8; p < kc; p++) panel[p * MR + r] = src[p];
            }
        }
    }

    // The 8×8 transpose of rows 0..5 of src (stride ld) plus two copies of row 0, into dst (stride 8).
    private static void Transpose8x8Rows(float* src, int ld, float* dst)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2 * ld); var r3 = Avx.LoadVector256(src + 3 * ld);
        var r4 = Avx.LoadVector256(src + 4 * ld); var r5 = Avx.LoadVector256(src + 5 * ld);
        Transpose8x8(r0, r1, r2, r3, r4, r5, r0, r0, dst, 8);
    }

    // B(p, j) for depth [p0, p0+kc), columns [j0, j0+nc) → panels of `width` columns (NR = 16, or NR512 = 32), each kc × width, zero padded.
    private static void PackB(bool transB, float* b, int ldb, int p0, int j0, int kc, int nc, float* dst, int width)
    {
        for (int jr = 0; jr < nc; jr += width)
        {
            int nr = Math.Min(width, nc - jr);
            float* panel = dst + (long)jr * kc;
            if (!transB && nr == width)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + jr;
                    for (int c = 0; c < width; c += 8) Vector256.Store(Vector256.Load(src + c), panel + p * width + c);
                }
            }
            else if (!transB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + jr;
                    float* d = panel + p * width;
                    int c = 0;
                    for (; c < nr; c++) d[c] = src[c];
                    for (; c < width; c++) d[c] = 0;
                }
            }
            else
            {
                // Bᵀ stored: column c of the panel is a contiguous row of b. Full panels go 8×8 blocks at a time.
                int p8 = nr == width ? kc / 8 * 8 : 0;
                for (int p = 0; p < p8; p += 8)
                    for (int half = 0; half < width; half += 8)
                        Transpose8x8(b + (long)(j0 + jr + half) * ldb + p0 + p, ldb, panel + p * width + half, width);
                for (int c = 0; c < width; c++)
                {
                    if (c >= nr) { for (int p = 0; p < kc; p++) panel[p * width + c] = 0; continue; }
                    float* src = b + (long)(j0 + jr + c) * ldb + p0;
                    for (int p = p8; p < kc; p++) panel[p * width + c] = src[p];
                }
            }
        }
    }

    // dst[i, j] = src[j, i] for an 8×8 block (unpack, shuffle, swap 128-bit halves).
    private static void Transpose8x8(float* src, int ldSrc, float* dst, int ldDst) =>
        Transpose8x8(Avx.LoadVector256(src), Avx.LoadVector256(src + ldSrc), Avx.LoadVector256(src + 2 * ldSrc),
            Avx.LoadVector256(src + 3 * ldSrc), Avx.LoadVector256(src + 4 * ldSrc), Avx.LoadVector256(src + 5 * ldSrc),
            Avx.LoadVector256(src + 6 * ldSrc), Avx.LoadVector256(src + 7 * ldSrc), dst, ldDst);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* dst, int ldDst)
    {
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20)); Avx.Store(dst + ldDst, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldDst, Avx.Permute2x128(u2, u6, 0x20)); Avx.Store(dst + 3 * ldDst, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldDst, Avx.Permute2x128(u0, u4, 0x31)); Avx.Store(dst + 5 * ldDst, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldDst, Avx.Permute2x128(u2, u6, 0x31)); Avx.Store(dst + 7 * ldDst, Avx.Permute2x128(u3, u7, 0x31));
    }

    // C[0..mr, 0..nr) += α · Apanel(MR×kc) · Bpanel(kc×NR): 6 rows × 2 ymm = 12 accumulators, 1 broadcast, 2 B loads.
    [SkipLocalsInit]
    private static void MicroKernel(int kc, float* a, float* b, float* c, int ldc, float alpha, int mr, int nr, bool overwrite)
    {
        // Ask for the C tile now, so its cache misses overlap the k loop instead of stalling the final update.
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + NR - 1);
        }
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            b0 = Avx.LoadAlignedVector256(b + NR);
            b1 = Avx.LoadAlignedVector256(b + NR + 8);
            ai = Avx.BroadcastScalarToVector256(a + MR);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + MR + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + MR + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + MR + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + MR + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + MR + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 2 * MR; b += 2 * NR;
        }
        for (; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ai, b0, c40); c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ai, b0, c50); c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += MR; b += NR;
        }
        var va = Vector256.Create(alpha);
        if (mr == MR && nr == NR)
        {
            AddRow(c, c00, c01, va, overwrite); AddRow(c + ldc, c10, c11, va, overwrite); AddRow(c + 2 * ldc, c20, c21, va, overwrite);
            AddRow(c + 3 * ldc, c30, c31, va, overwrite); AddRow(c + 4 * ldc, c40, c41, va, overwrite); AddRow(c + 5 * ldc, c50, c51, va, overwrite);
            return;
        }
        float* t = stackalloc float[MR * NR];
        Vector256.Store(c00, t); Vector256.Store(c01, t + 8); Vector256.Store(c10, t + 16); Vector256.Store(c11, t + 24);
        Vector256.Store(c20, t + 32); Vector256.Store(c21, t + 40); Vector256.Store(c30, t + 48); Vector256.Store(c31, t + 56);
        Vector256.Store(c40, t + 64); Vector256.Store(c41, t + 72); Vector256.Store(c50, t + 80); Vector256.Store(c51, t + 88);
        StoreTile(t, NR, c, ldc, alpha, mr, nr, overwrite);
    }

    // The same for a panel whose last rows are padding: rows 0..3 only (8 accumulators), A still laid out MR wide.
    [SkipLocalsInit]
    private static void MicroKernel4(int kc, float* a, float* b, float* c, int ldc, float alpha, int mr, int nr, bool overwrite)
    {
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + NR - 1);
        }
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var ai = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(ai, b0, c00); c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ai, b0, c10); c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ai, b0, c20); c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ai, b0, c30); c31 = Fma.MultiplyAdd(ai, b1, c31);
            a += MR; b += NR;
        }
        var va = Vector256.Create(alpha);
        if (mr == 4 && nr == NR)
        {
            AddRow(c, c00, c01, va, overwrite); AddRow(c + ldc, c10, c11, va, overwrite);
            AddRow(c + 2 * ldc, c20, c21, va, overwrite); AddRow(c + 3 * ldc, c30, c31, va, overwrite);
            return;
        }
        float* t = stackalloc float[4 * NR];
        Vector256.Store(c00, t); Vector256.Store(c01, t + 8); Vector256.Store(c10, t + 16); Vector256.Store(c11, t + 24);
        Vector256.Store(c20, t + 32); Vector256.Store(c21, t + 40); Vector256.Store(c30, t + 48); Vector256.Store(c31, t + 56);
        StoreTile(t, NR, c, ldc, alpha, mr, nr, overwrite);
    }

    // C[i, j] = α·t[i, j] (overwrite) or α·t[i, j] + C[i, j] in one rounding, for a tile's real rows and columns: the
    // arithmetic of AddRow, so an element gives the same bits whether its tile is whole or not (and at either width).
    private static void StoreTile(float* t, int ldt, float* c, int ldc, float alpha, int mr, int nr, bool overwrite)
    {
        for (int i = 0; i < mr; i++)
            for (int jj = 0; jj < nr; jj++)
            {
                float* cij = c + (long)i * ldc + jj;
                *cij = overwrite ? t[i * ldt + jj] * alpha : MathF.FusedMultiplyAdd(t[i * ldt + jj], alpha, *cij);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float* c, Vector256<float> lo, Vector256<float> hi, Vector256<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            Vector256.Store(lo * alpha, c);
            Vector256.Store(hi * alpha, c + 8);
            return;
        }
        Vector256.Store(Fma.MultiplyAdd(lo, alpha, Vector256.Load(c)), c);
        Vector256.Store(Fma.MultiplyAdd(hi, alpha, Vector256.Load(c + 8)), c + 8);
    }
}

/// <summary>One GEMM call's arguments and its split into tasks; reused per calling thread, so no allocation per call.</summary>
internal sealed unsafe class GemmJob : IParallelWork
{
    [ThreadStatic] private static GemmJob? _forThisThread;
    public static GemmJob ForThisThread => _forThisThread ??= new GemmJob();

    public bool TransA, TransB;
    public int M, N, K, Lda, Ldb, Ldc;
    public float Alpha;
    public float* A, B, C;
    public PackedMatrix? PackedB;
    public bool Overwrite;        // β = 0: the first depth block stores into C instead of adding
    public bool Wide;             // the 512-bit micro-kernel and its tile
    public int Mr => Wide ? Gemm.MR512 : Gemm.MR;
    public int Nr => Wide ? Gemm.NR512 : Gemm.NR;
    private bool _splitColumns;
    private int _chunk;
    public int TaskCount { get; private set; }

    public void Set(bool wide, bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        PackedMatrix? packedB, float* c, int ldc, bool overwrite)
    {
        Wide = wide; Overwrite = overwrite;
        TransA = transA; TransB = transB; M = m; N = n; K = k; Alpha = alpha;
        A = a; Lda = lda; B = b; Ldb = ldb; PackedB = packedB; C = c; Ldc = ldc;
    }

    // Split along the longer side in whole panels, one task per thread.
    public void Split(int threads)
    {
        int panels = (N + Nr - 1) / Nr, rowPanels = (M + Mr - 1) / Mr;
        _splitColumns = panels >= threads && (N >= M || rowPanels < threads);
        int units = _splitColumns ? panels : rowPanels;
        int tasks = Math.Max(1, Math.Min(threads, units));
        _chunk = (units + tasks - 1) / tasks;
        TaskCount = (units + _chunk - 1) / _chunk;
    }

    public void Execute(int task)
    {
        var buffers = PackBuffers.ForThisThread;
        int panels = (N + Nr - 1) / Nr;
        if (_splitColumns)
        {
            int p0 = task * _chunk, p1 = Math.Min(panels, p0 + _chunk);
            Gemm.ComputeBlock(this, 0, M, p0, p1, buffers);
        }
        else
        {
            int m0 = task * _chunk * Mr, m1 = Math.Min(M, m0 + _chunk * Mr);
            Gemm.ComputeBlock(this, m0, m1, 0, panels, buffers);
        }
    }
}

/// <summary>A thread's packing buffers (64-byte aligned, pinned), allocated once per thread.</summary>
internal sealed unsafe class PackBuffers
{
    [ThreadStatic] private static PackBuffers? _forThisThread;
    public static PackBuffers ForThisThread => _forThisThread ??= new PackBuffers();

    private readonly float[] _a = GC.AllocateUninitializedArray<float>(Gemm.MC * Gemm.KC + 16, pinned: true);
    private readonly float[] _b = GC.AllocateUninitializedArray<float>(Gemm.KC * Gemm.NC + 16, pinned: true);
    public readonly float* A, B;

    private PackBuffers()
    {
        A = (float*)Unsafe.AsPointer(ref _a[PackedMatrix.AlignedOffset(_a)]);
        B = (float*)Unsafe.AsPointer(ref _b[PackedMatrix.AlignedOffset(_b)]);
    }
}
