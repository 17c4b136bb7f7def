using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

/// <summary>Adam's vectorised update, at 256 and 512 bits, gives bit for bit its scalar twin, at every length and whatever the slice boundaries.</summary>
public sealed class AdamUpdateTests
{
    public static TheoryData<float, bool> WeightDecays() => new() { { 0f, false }, { 0.1f, false }, { 0.1f, true } };

    [Theory]
    [MemberData(nameof(WeightDecays))]
    public void Vectorised_update_equals_the_scalar_twin_at_every_length_0_to_257(float weightDecay, bool decoupled)
    {
        var update = new AdamUpdate(0.9f, 0.999f, 1e-8f, 0.01f, 1.3f, weightDecay, decoupled, 1 - 0.01f * weightDecay);
        for (int n = 0; n <= 257; n++)
        {
            // The slice starts one element in, off the 32-byte grid; the elements around it must stay as they were.
            var rng = new Rng((ulong)n + 11);
            float[] Random(float scale) { var a = new float[n + 2]; rng.FillUniform(a, -scale, scale); return a; }
            float[] theta = Random(1), grad = Random(3), m = Random(0.1f), v = Random(0.01f);
            for (int i = 0; i < v.Length; i++) v[i] = MathF.Abs(v[i]);

            float[] theta2 = (float[])theta.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
            update.ApplyReference(theta2.AsSpan(1, n), grad.AsSpan(1, n), m2.AsSpan(1, n), v2.AsSpan(1, n));
            foreach (int bits in GemmTests.Widths)
            {
                float[] theta1 = (float[])theta.Clone(), m1 = (float[])m.Clone(), v1 = (float[])v.Clone();
                update.Apply(theta1.AsSpan(1, n), grad.AsSpan(1, n), m1.AsSpan(1, n), v1.AsSpan(1, n), bits);
                Assert.Equal(theta2, theta1);
                Assert.Equal(m2, m1);
                Assert.Equal(v2, v1);
                Assert.Equal((theta[0], theta[^1], m[0], m[^1], v[0], v[^1]), (theta1[0], theta1[^1], m1[0], m1[^1], v1[0], v1[^1]));
                if (n > 0) Assert.NotEqual(theta[1..^1], theta1[1..^1]);
            }
        }
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.1f, false)]
    [InlineData(0.1f, true)]
    public void Vectorised_update_equals_element_by_element_update(float weightDecay, bool decoupled)
    {
        var rng = new Rng(4);
        const int n = 1037;
        float[] Random(float scale) { var a = new float[n]; rng.FillUniform(a, -scale, scale); return a; }
        float[] theta = Random(1), grad = Random(3), m = Random(0.1f), v = Random(0.01f);
        for (int i = 0; i < n; i++) v[i] = MathF.Abs(v[i]);
        var update = new AdamUpdate(0.9f, 0.999f, 1e-8f, 0.01f, 1.3f, weightDecay, decoupled, 1 - 0.01f * weightDecay);

        float[] theta1 = (float[])theta.Clone(), m1 = (float[])m.Clone(), v1 = (float[])v.Clone();
        update.Apply(theta1, grad, m1, v1);
        float[] theta2 = (float[])theta.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
        for (int i = 0; i < n; i++)   // slices of one element take the scalar path only
            update.Apply(theta2.AsSpan(i, 1), grad.AsSpan(i, 1), m2.AsSpan(i, 1), v2.AsSpan(i, 1));

        Assert.Equal(theta2, theta1);
        Assert.Equal(m2, m1);
        Assert.Equal(v2, v1);
        Assert.NotEqual(theta, theta1);
    }
}
