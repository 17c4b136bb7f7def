using Recurrent.Optim;
using Recurrent.Tensors;

namespace Recurrent.Tests.Optim;

/// <summary>Adam's vectorised update gives bit for bit the scalar update, whatever the slice boundaries.</summary>
public sealed class AdamUpdateTests
{
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
