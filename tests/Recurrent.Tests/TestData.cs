using Recurrent.Tensors;

namespace Recurrent.Tests;

internal static class TestData
{
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch-rnn");

    public static Tensor Gaussian(Rng rng, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        rng.FillGaussian(t.Span);
        return t;
    }

    /// <summary>0, 1, 2, ... in row-major order: every element tells where it came from.</summary>
    public static Tensor Arange(params int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, ShapeOps.Count(shape)).Select(i => (float)i).ToArray(), shape);

    public static double[] ToDouble(this Tensor t) => t.Span.ToArray().Select(v => (double)v).ToArray();

    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| everywhere, naming the tensor and the first bad index.</summary>
    public static void AssertClose(string name, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double atol = 1e-4, double rtol = 1e-4)
    {
        Assert.True(actual.Length == expected.Length, $"{name}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            Assert.True(diff <= atol + rtol * Math.Abs(expected[i]),
                $"{name}[{i}]: got {actual[i]:G9}, expected {expected[i]:G9} (|diff| {diff:G3})");
        }
    }
}
