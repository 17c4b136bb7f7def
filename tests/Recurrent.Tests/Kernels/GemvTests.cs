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
        }
        finally { KernelThreads.Count = saved; }
    }
}
