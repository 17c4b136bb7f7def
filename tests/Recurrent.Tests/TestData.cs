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

    /// <summary>
    /// The one closeness assertion (llm.c's check_tensor): |actual − expected| ≤ atol + rtol·|expected| everywhere; on
    /// failure it names the tensor, how many elements are off, and the largest difference and where it is.
    /// </summary>
    public static void AssertClose(string name, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double atol = 1e-4, double rtol = 1e-4)
    {
        Assert.True(actual.Length == expected.Length, $"{name}: length {actual.Length}, expected {expected.Length}");
        int worst = -1, bad = 0;
        double worstExcess = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]), excess = diff - (atol + rtol * Math.Abs(expected[i]));
            if (!(excess <= 0)) { bad++; if (worst < 0 || !(excess <= worstExcess)) (worst, worstExcess) = (i, excess); }
        }
        Assert.True(bad == 0, bad == 0 ? "" : $"{name}: {bad} of {actual.Length} elements differ; the worst at [{worst}]: got {actual[worst]:G9}, " +
            $"expected {expected[worst]:G9} (|diff| {Math.Abs(actual[worst] - expected[worst]):G3}, allowed {atol + rtol * Math.Abs(expected[worst]):G3})");
    }

    public static void AssertClose(string name, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double atol, double rtol)
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        AssertClose(name, actual, e, atol, rtol);
    }

    /// <summary>Shapes equal, then <see cref="AssertClose(string, ReadOnlySpan{float}, ReadOnlySpan{double}, double, double)"/>.</summary>
    public static void AssertClose(string name, Tensor actual, Tensor expected, double atol, double rtol)
    {
        Assert.True(actual.HasShape(expected.Shape.ToArray()), $"{name}: shape {actual.ShapeString}, expected {expected.ShapeString}");
        AssertClose(name, actual.Span, expected.Span, atol, rtol);
    }
}
