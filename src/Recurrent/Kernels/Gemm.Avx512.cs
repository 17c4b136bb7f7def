using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Kernels;

/// <summary>
/// The 512-bit path of <see cref="Gemm"/>: an 8×32 micro-tile, 16 zmm accumulators (two per row of C), one
/// broadcast of A and two loads of B per depth step. Eight rows suit the shapes recurrent networks use (batches of
/// 8, 16, 32, 64 rows are whole panels) and leave 16 of the 32 registers for loads, so the loop is FMA-bound:
/// 16 FMAs against 10 loads per step. Packing and the blocking are those of the 256-bit path with the wider tile.
/// </summary>
public static unsafe partial class Gemm
{
    private static void MacroKernel512(GemmJob j, int m0, int m1, float* bBlock, int p0, int p1,
        int colBase, int cols, int kc, int pc, float* aBuffer, bool overwrite)
    {
        for (int ic = m0; ic < m1; ic += MC)
        {
            int mc = Math.Min(MC, m1 - ic);
            PackA8(j.TransA, j.A, j.Lda, ic, pc, mc, kc, aBuffer);
            for (int jp = p0; jp < p1; jp++)
            {
                int nr = Math.Min(NR512, cols - jp * NR512);
                float* bPanel = bBlock + (long)jp * kc * NR512;
                float* cCol = j.C + colBase + jp * NR512;
                for (int ir = 0; ir < mc; ir += MR512)
                {
                    int mr = Math.Min(MR512, mc - ir);
                    float* aPanel = aBuffer + (long)ir * kc, cTile = cCol + (long)(ic + ir) * j.Ldc;
                    // A last panel of at most 4 rows skips the 8-row kernel's empty half.
                    if (mr <= 4) MicroKernel512x4(kc, aPanel, bPanel, cTile, j.Ldc, j.Alpha, mr, nr, overwrite);
                    else MicroKernel512x8(kc, aPanel, bPanel, cTile, j.Ldc, j.Alpha, mr, nr, overwrite);
                }
            }
        }
    }

    // A(i, p) for rows [i0, i0+mc), depth [p0, p0+kc) → 8-high panels, each kc×8 with the 8 values of one p adjacent;
    // a last panel's rows past mc are zero.
    private static void PackA8(bool transA, float* a, int lda, int i0, int p0, int mc, int kc, float* dst)
    {
        const int R = MR512;
        int full = mc / R * R;
        if (transA)
        {
            // Aᵀ stored: depth p is a contiguous row of a; walk the rows once, 8 values to each panel.
            for (int p = 0; p < kc; p++)
            {
                float* src = a + (long)(p0 + p) * lda + i0;
                float* d = dst + p * R;
                for (int ir = 0; ir < full; ir += R, d += (long)R * kc) Vector256.Store(Vector256.Load(src + ir), d);
                if (full < mc)
                {
                    int r = 0;
                    for (; r < mc - full; r++) d[r] = src[full + r];
                    for (; r < R; r++) d[r] = 0;
                }
            }
            return;
        }
        // A stored: 8 rows, each contiguous in p, go through 8×8 transposes straight into the panel.
        for (int ir = 0; ir < mc; ir += R)
        {
            int mr = Math.Min(R, mc - ir);
            float* panel = dst + (long)ir * kc, row = a + (long)(i0 + ir) * lda + p0;
            int p8 = mr == R ? kc / 8 * 8 : 0;
            for (int p = 0; p < p8; p += 8) Transpose8x8(row + p, lda, panel + p * R, R);
            for (int r = 0; r < R; r++)
            {
                if (r >= mr) { for (int p = 0; p < kc; p++) panel[p * R + r] = 0; continue; }
                float* src = row + (long)r * lda;
                for (int p = p8; p < kc; p++) panel[p * R + r] = src[p];
            }
        }
    }

    // C[0..mr, 0..nr) += α · Apanel(8×kc) · Bpanel(kc×32): 8 rows × 2 zmm accumulators.
    [SkipLocalsInit]
    private static void MicroKernel512x8(int kc, float* a, float* b, float* c, int ldc, float alpha, int mr, int nr, bool overwrite)
    {
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + NR512 - 1);
        }
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadAlignedVector512(b);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            var ai = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(ai, b0, c00); c01 = Avx512F.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(ai, b0, c10); c11 = Avx512F.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(ai, b0, c20); c21 = Avx512F.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(ai, b0, c30); c31 = Avx512F.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(ai, b0, c40); c41 = Avx512F.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(ai, b0, c50); c51 = Avx512F.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(ai, b0, c60); c61 = Avx512F.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(ai, b0, c70); c71 = Avx512F.FusedMultiplyAdd(ai, b1, c71);
            a += MR512; b += NR512;
        }
        var va = Vector512.Create(alpha);
        if (mr == MR512 && nr == NR512)
        {
            AddRow(c, c00, c01, va, overwrite); AddRow(c + ldc, c10, c11, va, overwrite);
            AddRow(c + 2 * ldc, c20, c21, va, overwrite); AddRow(c + 3 * ldc, c30, c31, va, overwrite);
            AddRow(c + 4 * ldc, c40, c41, va, overwrite); AddRow(c + 5 * ldc, c50, c51, va, overwrite);
            AddRow(c + 6 * ldc, c60, c61, va, overwrite); AddRow(c + 7 * ldc, c70, c71, va, overwrite);
            return;
        }
        float* t = stackalloc float[MR512 * NR512];
        Vector512.Store(c00, t); Vector512.Store(c01, t + 16); Vector512.Store(c10, t + 32); Vector512.Store(c11, t + 48);
        Vector512.Store(c20, t + 64); Vector512.Store(c21, t + 80); Vector512.Store(c30, t + 96); Vector512.Store(c31, t + 112);
        Vector512.Store(c40, t + 128); Vector512.Store(c41, t + 144); Vector512.Store(c50, t + 160); Vector512.Store(c51, t + 176);
        Vector512.Store(c60, t + 192); Vector512.Store(c61, t + 208); Vector512.Store(c70, t + 224); Vector512.Store(c71, t + 240);
        StoreTile(t, NR512, c, ldc, alpha, mr, nr, overwrite);
    }

    // The same for a last panel of at most 4 rows (A still laid out 8 wide): 8 accumulators.
    [SkipLocalsInit]
    private static void MicroKernel512x4(int kc, float* a, float* b, float* c, int ldc, float alpha, int mr, int nr, bool overwrite)
    {
        for (int i = 0; i < mr; i++)
        {
            Sse.Prefetch0(c + (long)i * ldc);
            Sse.Prefetch0(c + (long)i * ldc + NR512 - 1);
        }
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadAlignedVector512(b);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            var ai = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(ai, b0, c00); c01 = Avx512F.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(ai, b0, c10); c11 = Avx512F.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(ai, b0, c20); c21 = Avx512F.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(ai, b0, c30); c31 = Avx512F.FusedMultiplyAdd(ai, b1, c31);
            a += MR512; b += NR512;
        }
        var va = Vector512.Create(alpha);
        if (mr == 4 && nr == NR512)
        {
            AddRow(c, c00, c01, va, overwrite); AddRow(c + ldc, c10, c11, va, overwrite);
            AddRow(c + 2 * ldc, c20, c21, va, overwrite); AddRow(c + 3 * ldc, c30, c31, va, overwrite);
            return;
        }
        float* t = stackalloc float[4 * NR512];
        Vector512.Store(c00, t); Vector512.Store(c01, t + 16); Vector512.Store(c10, t + 32); Vector512.Store(c11, t + 48);
        Vector512.Store(c20, t + 64); Vector512.Store(c21, t + 80); Vector512.Store(c30, t + 96); Vector512.Store(c31, t + 112);
        StoreTile(t, NR512, c, ldc, alpha, mr, nr, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float* c, Vector512<float> lo, Vector512<float> hi, Vector512<float> alpha, bool overwrite)
    {
        if (overwrite)
        {
            Vector512.Store(lo * alpha, c);
            Vector512.Store(hi * alpha, c + 16);
            return;
        }
        Vector512.Store(Avx512F.FusedMultiplyAdd(lo, alpha, Vector512.Load(c)), c);
        Vector512.Store(Avx512F.FusedMultiplyAdd(hi, alpha, Vector512.Load(c + 16)), c + 16);
    }
}
