using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

/// <summary>
/// The GEMM at both widths (256-bit AVX2/FMA, 512-bit AVX-512) against its scalar twin on odd shapes, both transposes,
/// α/β, strides, packing, threads; and the two widths against each other, bit for bit.
/// </summary>
public sealed class GemmTests
{
    // On a CPU without AVX-512, 512 runs the 256-bit path (VectorWidth.Usable): the tests still run, on that path.
    public static readonly int[] Widths = [256, 512];

    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 64, 65, 3 }, { 6, 16, 1 }, { 5, 15, 257 }, { 13, 33, 300 },
        { 145, 17, 31 }, { 2, 3070, 4 }, { 150, 40, 520 }, { 32, 1024, 256 }, { 300, 3100, 9 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_reference_for_all_transposes_and_thread_counts(int m, int n, int k)
    {
        foreach (var bits in Widths)
            foreach (var threads in new[] { 1, 2 })
                foreach (var transA in new[] { false, true })
                    foreach (var transB in new[] { false, true })
                        CheckAgainstReference(bits, m, n, k, transA, transB, alpha: 1f, beta: 0f, threads);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Both_widths_and_any_thread_count_give_the_same_bits(int m, int n, int k)
    {
        var rng = new Rng((ulong)(m * 31 + n * 7 + k));
        foreach (var (transA, transB) in new[] { (false, true), (true, false) })
            foreach (var beta in new[] { 0f, 0.5f })
            {
                var a = Random(rng, m * k); var b = Random(rng, k * n); var c0 = Random(rng, m * n);
                int lda = transA ? m : k, ldb = transB ? k : n;
                float[]? first = null;
                foreach (var bits in Widths)
                    foreach (var threads in new[] { 1, 2 })
                    {
                        var c = (float[])c0.Clone();
                        WithThreads(threads, () => Gemm.Multiply(bits, transA, transB, m, n, k, 0.75f, a, lda, b, ldb, beta, c, n));
                        first ??= c;
                        Assert.Equal(first, c);
                        // The packed operand the layers use, packed for this width.
                        var packed = new PackedMatrix();
                        Gemm.Pack(bits, transB, k, n, b, ldb, packed);
                        c = (float[])c0.Clone();
                        WithThreads(threads, () => Gemm.Multiply(transA, m, n, k, 0.75f, a, lda, packed, beta, c, n));
                        Assert.Equal(first, c);
                    }
            }
    }

    [Fact]
    public void Width_512_runs_exactly_where_the_cpu_has_AVX512()
    {
        Assert.Equal(VectorWidth.Supports512 ? 512 : 256, VectorWidth.Usable(512));
        Assert.Equal(256, VectorWidth.Usable(256));
        Assert.Contains(VectorWidth.Bits, Widths);
        var packed = new PackedMatrix();
        Gemm.Pack(512, false, 3, 5, new float[15], 5, packed);
        Assert.Equal(VectorWidth.Supports512 ? Gemm.NR512 : Gemm.NR, packed.PanelWidth);
    }

    [Theory]
    [InlineData(0.5f, 1f)]
    [InlineData(-2f, 0.25f)]
    [InlineData(1f, -1f)]
    public void Honours_alpha_and_beta(float alpha, float beta)
    {
        foreach (var bits in Widths) CheckAgainstReference(bits, 37, 41, 43, false, true, alpha, beta, threads: 2);
    }

    [Fact]
    public void Strided_operands_touch_only_their_own_elements()
    {
        // A 5×7 inside rows of 10, B 7×9 inside rows of 12, C 5×9 inside rows of 11.
        var rng = new Rng(3);
        var a = new float[5 * 10]; var b = new float[7 * 12]; var c = new float[5 * 11];
        rng.FillUniform(a, -1, 1); rng.FillUniform(b, -1, 1); rng.FillUniform(c, -1, 1);
        var expected = (float[])c.Clone();
        GemmReference.Multiply(false, false, 5, 9, 7, 1f, a, 10, b, 12, 1f, expected, 11);
        Gemm.Multiply(false, false, 5, 9, 7, 1f, a, 10, b, 12, 1f, c, 11);
        AssertClose(expected, c, 7);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 1000, 300)]
    [InlineData(32, 256, 1024)]
    [InlineData(33, 17, 5)]
    [InlineData(16, 70, 300)]
    [InlineData(5, 33, 257)]
    [InlineData(151, 40, 20)]
    public void Packed_operand_gives_the_same_product(int m, int n, int k)
    {
        var rng = new Rng(5);
        foreach (var bits in Widths)
            foreach (var transA in new[] { false, true })
                foreach (var transB in new[] { false, true })
                    foreach (var beta in new[] { 0f, 1f })
                    {
                        // A inside rows wider than it needs (lda = its width + 3), α = 0.5, onto random C (β = 0: C holds a NaN).
                        int lda = (transA ? m : k) + 3;
                        var a = Random(rng, (transA ? k : m) * lda); var b = Random(rng, k * n);
                        var expected = Random(rng, m * n);
                        if (beta == 0f) expected[^1] = float.NaN;
                        var actual = (float[])expected.Clone();
                        int ldb = transB ? k : n;
                        GemmReference.Multiply(transA, transB, m, n, k, 0.5f, a, lda, b, ldb, beta, expected, n);
                        if (beta == 0f) Assert.False(float.IsNaN(expected[^1]));
                        var packed = new PackedMatrix();
                        Gemm.Pack(bits, transB, k, n, b, ldb, packed);
                        Gemm.Multiply(transA, m, n, k, 0.5f, a, lda, packed, beta, actual, n);
                        AssertClose(expected, actual, k);
                    }
    }

    [Fact]
    public void Zero_depth_scales_C_by_beta_and_beta_zero_clears_NaN()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 0, [], 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f], c[..2]);
        Assert.True(float.IsNaN(c[2]));
        Gemm.Multiply(false, false, 2, 2, 1, 1f, [1f, 1f], 1, [1f, 1f], 2, 0f, c, 2);
        Assert.Equal([1f, 1f, 1f, 1f], c);
    }

    [Fact]
    public void Too_short_operand_is_rejected_with_its_size()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 3, 3, 3, 1f, new float[8], 3, new float[9], 3, 0f, new float[9], 3));
        Assert.Contains("operand A (3×3", e.Message);
        Assert.Contains("needs 9 floats, got 8", e.Message);
    }

    private static void CheckAgainstReference(int bits, int m, int n, int k, bool transA, bool transB, float alpha, float beta, int threads)
    {
        var rng = new Rng((ulong)(m * 7919 + n * 31 + k));
        var a = Random(rng, m * k); var b = Random(rng, k * n);
        var expected = Random(rng, m * n); var actual = (float[])expected.Clone();
        int lda = transA ? m : k, ldb = transB ? k : n;
        GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, n);
        WithThreads(threads, () => Gemm.Multiply(bits, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, actual, n));
        AssertClose(expected, actual, k);
    }

    private static void WithThreads(int threads, Action action)
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            action();
        }
        finally { KernelThreads.Count = saved; }
    }

    private static float[] Random(Rng rng, int count)
    {
        var v = new float[count];
        rng.FillUniform(v, -1, 1);
        return v;
    }

    // Sums of k products of values in [−1, 1] differ by summation order only: allow a few ulps of the magnitude.
    private static void AssertClose(float[] expected, float[] actual, int k)
    {
        float tolerance = 1e-5f * MathF.Sqrt(Math.Max(k, 1)) * 4;
        TestData.AssertClose("C", actual, expected, tolerance, tolerance);
    }
}
