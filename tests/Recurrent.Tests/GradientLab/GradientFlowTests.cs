using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Models.GradientLab;
using Recurrent.Tensors;

namespace Recurrent.Tests.GradientLab;

/// <summary>The per-step gradient norms are the norms of ∂L/∂h_t found by finite differences, for every cell.</summary>
public sealed class GradientFlowTests
{
    private const int T = 5, B = 2, I = 3, H = 4;

    [Theory]
    [InlineData(RecurrentMode.RnnTanh)]
    [InlineData(RecurrentMode.RnnRelu)]
    [InlineData(RecurrentMode.Lstm)]
    [InlineData(RecurrentMode.Gru)]
    public void Per_step_gradient_norms_equal_finite_differences(RecurrentMode mode)
    {
        var cell = RecurrentCell.Create(mode, I, H, rng: new Rng(4));
        var inputs = TestData.Gaussian(new Rng(5), T, B, I);
        var readout = Tensor.FromArray([0.5f, -0.5f, 0.5f, 0.5f], H);
        var measured = GradientFlow.Measure(cell, inputs, readout);
        Assert.Equal(1.0, measured.Hidden[T - 1], 5);                        // ∂L/∂h_{T−1} = v, of unit norm
        Assert.All(cell.Parameters, p => Assert.All(p.Grad.Span.ToArray(), g => Assert.Equal(0f, g)));

        for (int t = 0; t < T - 1; t++)
        {
            var (h, c) = States(cell, inputs, t);
            double norms = 0;
            for (int b = 0; b < B; b++)
            {
                double squares = 0;
                for (int i = 0; i < H; i++)
                {
                    const float eps = 1e-2f;
                    double Perturbed(float d) { var p = h.Clone(); p.Span[b * H + i] += d; return Loss(cell, inputs, t, p, c, readout); }
                    double g = (Perturbed(eps) - Perturbed(-eps)) / (2 * eps);
                    squares += g * g;
                }
                norms += Math.Sqrt(squares);
            }
            Assert.True(Math.Abs(norms / B - measured.Hidden[t]) <= 2e-3 + 1e-2 * measured.Hidden[t],
                $"t = {t}: finite differences {norms / B:G5}, measured {measured.Hidden[t]:G5}");
        }
        if (mode == RecurrentMode.Lstm) Assert.Equal(0, measured.Cell![T - 1]);
        else Assert.Null(measured.Cell);
    }

    /// <summary>(h_t, c_t) after steps 0..t.</summary>
    private static (Tensor H, Tensor? C) States(RecurrentCell cell, Tensor inputs, int last)
    {
        using var noGrad = Variable.NoGrad();
        Variable? h = null, c = null;
        for (int t = 0; t <= last; t++) (h, c) = Step(cell, inputs, t, h, c);
        return (h!.Value, c?.Value);
    }

    /// <summary>L = Σ_b v·h_{T−1,b} when the state after step t is (h, c).</summary>
    private static double Loss(RecurrentCell cell, Tensor inputs, int t, Tensor h, Tensor? c, Tensor readout)
    {
        using var noGrad = Variable.NoGrad();
        Variable hv = new(h); Variable? cv = c is null ? null : new Variable(c);
        for (int s = t + 1; s < T; s++) { var (nh, nc) = Step(cell, inputs, s, hv, cv); (hv, cv) = (nh!, nc); }
        double loss = 0;
        for (int b = 0; b < B; b++)
            for (int i = 0; i < H; i++) loss += (double)readout.Span[i] * hv.Value.Span[b * H + i];
        return loss;
    }

    private static (Variable? H, Variable? C) Step(RecurrentCell cell, Tensor inputs, int t, Variable? h, Variable? c)
    {
        var x = new Variable(Tensor.FromArray(inputs.Span.Slice(t * B * I, B * I).ToArray(), B, I));
        var s = cell.Forward(x, h, c);
        return (s.Hidden, s.Cell);
    }
}
