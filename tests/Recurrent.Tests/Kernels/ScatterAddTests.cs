using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

/// <summary>Scatter-add sums each target row in row order, whatever the thread count.</summary>
public sealed class ScatterAddTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Equals_the_sequential_loop_bit_for_bit(int threads)
    {
        const int rows = 300, width = 517, targets = 7;
        var rng = new Rng(8);
        var values = new float[rows * width];
        rng.FillUniform(values, -1, 1);
        int[] index = [.. Enumerable.Range(0, rows).Select(_ => rng.NextInt(targets))];
        var expected = new float[targets * width];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < width; c++) expected[index[r] * width + c] += values[r * width + c];

        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = threads;
            var sums = new float[targets * width];
            ScatterAdd.Rows(index, values, width, sums);
            Assert.Equal(expected, sums);
        }
        finally { KernelThreads.Count = saved; }
    }

    [Fact]
    public void An_index_outside_the_targets_is_named() =>
        Assert.Contains("index 3 is outside the 3 target rows",
            Assert.Throws<ArgumentException>(() => ScatterAdd.Rows([0, 3], new float[4], 2, new float[6])).Message);
}
