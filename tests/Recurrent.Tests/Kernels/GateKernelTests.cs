using System.Runtime.Intrinsics;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Tests.Kernels;

/// <summary>
/// Each fused gate kernel at 256 and 512 bits against its scalar twin at every hidden size 0..257 (every vector body,
/// 8-lane remainder and scalar tail), and the two widths against each other bit for bit.
/// </summary>
public sealed class GateKernelTests
{
    public static IEnumerable<object[]> HiddenSizes() => Enumerable.Range(0, 258).Select(h => new object[] { h });

    private const int B = 3;
    private static readonly byte[] Active = [1, 0, 1];

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Lstm_vector_paths_match_the_scalar_path(int h)
    {
        var rng = new Rng((ulong)h);
        float[] gates = R(rng, B * 4 * h, 3), hh = R(rng, B * 4 * h, 3), hPrev = R(rng, B * h, 1), cPrev = R(rng, B * h, 2);
        float[] dh = R(rng, B * h, 1), dc = R(rng, B * h, 1);
        AllWidthsAgree(bits =>
        {
            var g = (float[])gates.Clone();
            float[] hOut = new float[B * h], c = new float[B * h];
            LstmGates.Forward(B, h, g, hh, hPrev, cPrev, hOut, c, Active, bits);
            Assert.Equal(hPrev[h..(2 * h)], hOut[h..(2 * h)]);   // inactive row carries its state
            var forward = (float[])g.Clone();
            var dcOut = (float[])dc.Clone();
            float[] direct = new float[B * h];
            LstmGates.Backward(B, h, g, c, cPrev, dh, dcOut, direct, Active, bits);
            return [forward, hOut, c, g, dcOut, direct];
        });
    }

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Gru_vector_paths_match_the_scalar_path(int h)
    {
        var rng = new Rng((ulong)h + 100);
        float[] gates = R(rng, B * 3 * h, 3), hh = R(rng, B * 3 * h, 3), bn = R(rng, h, 1), hPrev = R(rng, B * h, 1);
        float[] dh = R(rng, B * h, 1);
        AllWidthsAgree(bits =>
        {
            var g = (float[])gates.Clone();
            float[] hOut = new float[B * h], n = new float[B * h];
            GruGates.Forward(B, h, g, hh, bn, hPrev, hOut, n, Active, bits);
            var forward = (float[])g.Clone();
            float[] q = new float[B * 3 * h], direct = new float[B * h];
            GruGates.Backward(B, h, g, n, hPrev, dh, q, direct, Active, bits);
            Assert.Equal(dh[h..(2 * h)], direct[h..(2 * h)]);       // inactive row passes dh straight through
            return [forward, hOut, n, g, q, direct];
        });
    }

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void Rnn_vector_paths_match_the_scalar_path(int h)
    {
        foreach (var relu in new[] { false, true })
        {
            var rng = new Rng((ulong)h + 200);
            float[] pre = R(rng, B * h, 3), hh = R(rng, B * h, 3), hPrev = R(rng, B * h, 1), dh = R(rng, B * h, 1);
            AllWidthsAgree(bits =>
            {
                float[] hOut = new float[B * h], dPre = new float[B * h], direct = new float[B * h];
                RnnGates.Forward(relu, B, h, pre, hh, hPrev, hOut, Active, bits);
                RnnGates.Backward(relu, B, h, hOut, dh, dPre, direct, Active, bits);
                return [hOut, dPre, direct];
            });
        }
    }

    // The kernel's outputs at 32 bits (the scalar twin), 256 and 512: both vector widths close to the scalar path (σ,
    // tanh and exp are approximated differently there) and identical to each other.
    private static void AllWidthsAgree(Func<int, float[][]> run)
    {
        var scalar = run(32);
        var (v256, v512) = (run(256), run(512));
        for (int i = 0; i < scalar.Length; i++)
        {
            Close(scalar[i], v256[i]);
            Assert.Equal(v256[i], v512[i]);
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
            Assert.Equal(Activations.Sigmoid(v)[0], Activations.Sigmoid(Vector512.Create(x))[15]);
            Assert.Equal(Activations.Tanh(v)[0], Activations.Tanh(Vector512.Create(x))[15]);
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
            Assert.Equal(actual, Activations.Exp(Vector512.Create(x))[9]);
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
