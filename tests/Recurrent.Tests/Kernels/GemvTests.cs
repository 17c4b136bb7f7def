using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

public sealed class GemvTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(65, 256)]
    [InlineData(1024, 256)]
    [InlineData(1027, 61)]
    [InlineData(3, 1000)]
    public void Matches_reference_with_one_and_two_threads(int m, int k)
    {
        var rng = new Rng((ulong)(m * 31 + k));
        var w = new float[m * k]; var x = new float[k]; var y0 = new float[m];
        rng.FillUniform(w, -1, 1); rng.FillUniform(x, -1, 1); rng.FillUniform(y0, -1, 1);
        var expected = (float[])y0.Clone();
        Gemv.MultiplyReference(m, k, w, x, 0.5f, expected);
        int saved = KernelThreads.Count;
        try
        {
            float[]? first = null;
            foreach (var threads in new[] { 1, 2 })
            {
                KernelThreads.Count = threads;
                var y = (float[])y0.Clone();
                Gemv.Multiply(m, k, w, x, 0.5f, y);
                for (int i = 0; i < m; i++) Assert.True(MathF.Abs(expected[i] - y[i]) <= 1e-5f * (1 + MathF.Sqrt(k)), $"y[{i}]");
                if (first is null) first = y; else Assert.Equal(first, y);   // the thread count does not change a bit
            }
            var own = (float[])y0.Clone();
            Gemv.MultiplyOnThisThread(m, k, w, x, 0.5f, own);
            Assert.Equal(first, own);                                          // nor does splitting the rows oneself
        }
        finally { KernelThreads.Count = saved; }
    }

    [Fact]
    public void On_this_thread_matches_reference_at_every_length_0_to_257_at_both_widths()
    {
        const int m = 5;   // one block of four rows and a lone row
        for (int k = 0; k <= 257; k++)
        {
            var rng = new Rng((ulong)k + 3);
            var w = new float[m * k]; var x = new float[k]; var y0 = new float[m];
            rng.FillUniform(w, -1, 1); rng.FillUniform(x, -1, 1); rng.FillUniform(y0, -1, 1);
            foreach (var beta in new[] { 0f, 1f })
            {
                float[] expected = (float[])y0.Clone(), y = (float[])y0.Clone(), wide = (float[])y0.Clone();
                Gemv.MultiplyReference(m, k, w, x, beta, expected);
                Gemv.MultiplyOnThisThread(m, k, w, x, beta, y, bits: 256);
                for (int i = 0; i < m; i++) Assert.True(MathF.Abs(expected[i] - y[i]) <= 1e-5f * (1 + MathF.Sqrt(k)), $"k = {k}, β = {beta}: y[{i}]");
                Gemv.MultiplyOnThisThread(m, k, w, x, beta, wide, bits: 512);
                Assert.Equal(y, wide);                                         // the 512-bit path gives the same bits
            }
        }
    }
}
