using System.Runtime.Intrinsics;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

/// <summary>Each fused gate kernel's vector path against its scalar twin at every hidden size 1..40 and a few larger.</summary>
public sealed class GateKernelTests
{
    public static IEnumerable<object[]> HiddenSizes() =>
        Enumerable.Range(1, 40).Concat([63, 64, 65, 257]).Select(h => new object[] { h });

    private const int B = 3;
    private static readonly byte[] Active = [1, 0, 1];

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Lstm_vector_path_matches_scalar_path(int h)
    {
        var rng = new Rng((ulong)h);
        float[] gates = R(rng, B * 4 * h, 3), hh = R(rng, B * 4 * h, 3), hPrev = R(rng, B * h, 1), cPrev = R(rng, B * h, 2);
        var (g1, g2) = ((float[])gates.Clone(), (float[])gates.Clone());
        float[] h1 = new float[B * h], h2 = new float[B * h], c1 = new float[B * h], c2 = new float[B * h];
        LstmGates.Forward(B, h, g1, hh, hPrev, cPrev, h1, c1, Active, vectorize: true);
        LstmGates.Forward(B, h, g2, hh, hPrev, cPrev, h2, c2, Active, vectorize: false);
        Close(g2, g1); Close(h2, h1); Close(c2, c1);
        Assert.Equal(hPrev[h..(2 * h)], h1[h..(2 * h)]);   // inactive row carries its state

        float[] dh = R(rng, B * h, 1), dc = R(rng, B * h, 1);
        var (dc1, dc2) = ((float[])dc.Clone(), (float[])dc.Clone());
        float[] d1 = new float[B * h], d2 = new float[B * h];
        LstmGates.Backward(B, h, g1, c1, cPrev, dh, dc1, d1, Active, vectorize: true);
        LstmGates.Backward(B, h, g2, c2, cPrev, dh, dc2, d2, Active, vectorize: false);
        Close(g2, g1); Close(dc2, dc1); Close(d2, d1);
    }

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Gru_vector_path_matches_scalar_path(int h)
    {
        var rng = new Rng((ulong)h + 100);
        float[] gates = R(rng, B * 3 * h, 3), hh = R(rng, B * 3 * h, 3), bn = R(rng, h, 1), hPrev = R(rng, B * h, 1);
        var (g1, g2) = ((float[])gates.Clone(), (float[])gates.Clone());
        float[] h1 = new float[B * h], h2 = new float[B * h], n1 = new float[B * h], n2 = new float[B * h];
        GruGates.Forward(B, h, g1, hh, bn, hPrev, h1, n1, Active, vectorize: true);
        GruGates.Forward(B, h, g2, hh, bn, hPrev, h2, n2, Active, vectorize: false);
        Close(g2, g1); Close(h2, h1); Close(n2, n1);

        float[] dh = R(rng, B * h, 1);
        float[] q1 = new float[B * 3 * h], q2 = new float[B * 3 * h], d1 = new float[B * h], d2 = new float[B * h];
        GruGates.Backward(B, h, g1, n1, hPrev, dh, q1, d1, Active, vectorize: true);
        GruGates.Backward(B, h, g2, n2, hPrev, dh, q2, d2, Active, vectorize: false);
        Close(g2, g1); Close(q2, q1); Close(d2, d1);
        Assert.Equal(dh[h..(2 * h)], d1[h..(2 * h)]);       // inactive row passes dh straight through
    }

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Rnn_vector_path_matches_scalar_path(int h)
    {
        foreach (var relu in new[] { false, true })
        {
            var rng = new Rng((ulong)h + 200);
            float[] pre = R(rng, B * h, 3), hh = R(rng, B * h, 3), hPrev = R(rng, B * h, 1), dh = R(rng, B * h, 1);
            float[] h1 = new float[B * h], h2 = new float[B * h];
            RnnGates.Forward(relu, B, h, pre, hh, hPrev, h1, Active, vectorize: true);
            RnnGates.Forward(relu, B, h, pre, hh, hPrev, h2, Active, vectorize: false);
            Close(h2, h1);
            float[] p1 = new float[B * h], p2 = new float[B * h], d1 = new float[B * h], d2 = new float[B * h];
            RnnGates.Backward(relu, B, h, h1, dh, p1, d1, Active, vectorize: true);
            RnnGates.Backward(relu, B, h, h2, dh, p2, d2, Active, vectorize: false);
            Close(p2, p1); Close(d2, d1);
        }
    }

    [Fact]
    public void Vector_sigmoid_and_tanh_agree_with_MathF_over_a_wide_range()
    {
        for (float x = -100f; x <= 100f; x += 0.37f)
        {
            var v = Vector256.Create(x);
            Assert.InRange(Activations.Sigmoid(v)[0] - 1f / (1f + MathF.Exp(-x)), -2e-7f, 2e-7f);
            Assert.InRange(Activations.Tanh(v)[0] - MathF.Tanh(x), -2e-7f, 2e-7f);
        }
        Assert.Equal(0f, Activations.Sigmoid(Vector256.Create(-1000f))[0]);
        Assert.Equal(-1f, Activations.Tanh(Vector256.Create(-1000f))[0]);
    }

    [Fact]
    public void Vector_exp_is_within_two_ulp_of_MathF_and_handles_the_edges()
    {
        static float Exp(float x) => Activations.Exp(Vector256.Create(x))[0];
        for (float x = -87f; x <= 88f; x += 0.0137f)
        {
            float expected = MathF.Exp(x), actual = Exp(x);
            Assert.True(MathF.Abs(actual - expected) <= 2 * (MathF.BitIncrement(expected) - expected), $"exp({x}) = {actual}, expected {expected}");
        }
        Assert.Equal(float.PositiveInfinity, Exp(89f));
        Assert.Equal(0f, Exp(-88f));
        Assert.Equal(1f, Exp(0f));
        Assert.True(float.IsNaN(Exp(float.NaN)));
    }

    private static float[] R(Rng rng, int n, float scale)
    {
        var v = new float[n];
        rng.FillUniform(v, -scale, scale);
        return v;
    }

    private static void Close(float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-6f + 1e-6f * MathF.Abs(expected[i]), $"[{i}] expected {expected[i]}, got {actual[i]}");
    }
}
