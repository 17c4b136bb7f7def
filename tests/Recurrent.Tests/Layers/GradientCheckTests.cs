using Recurrent.Layers;
using Recurrent.Tensors;
using Recurrent.Tests.Reference;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Every gradient of the float32 backward pass against central differences of an independent double-precision
/// forward pass (<see cref="ReferenceStack"/>), on tiny sizes through 4 time steps, like torch.autograd.gradcheck.
/// </summary>
public sealed class GradientCheckTests
{
    public static TheoryData<RecurrentMode, int, bool, bool, bool, bool> Configurations()
    {
        var data = new TheoryData<RecurrentMode, int, bool, bool, bool, bool>();
        foreach (var mode in Enum.GetValues<RecurrentMode>())
        {
            //       mode  layers bidirectional bias  initialState lengths
            data.Add(mode, 1, false, true, false, false);
            data.Add(mode, 2, true, true, true, true);
            data.Add(mode, 2, false, false, true, false);
            data.Add(mode, 1, true, true, false, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Backward_matches_finite_differences_of_a_double_precision_reference(
        RecurrentMode mode, int layers, bool bidirectional, bool bias, bool initialState, bool variableLengths)
    {
        const int T = 4, B = 3, I = 2, H = 3;
        var rng = new Rng(42);
        var layer = RecurrentLayer.Create(mode, I, H, layers, bias, bidirectional: bidirectional, rng: rng);
        int D = bidirectional ? 2 : 1;
        bool lstm = mode == RecurrentMode.Lstm;
        var x = TestData.Gaussian(rng, T, B, I);
        var h0 = initialState ? TestData.Gaussian(rng, layers * D, B, H) : null;
        var c0 = initialState && lstm ? TestData.Gaussian(rng, layers * D, B, H) : null;
        int[]? lengths = variableLengths ? [3, 4, 1] : null;
        var r = TestData.Gaussian(rng, T, B, D * H);
        var rh = TestData.Gaussian(rng, layers * D, B, H);
        var rc = lstm ? TestData.Gaussian(rng, layers * D, B, H) : null;

        var result = layer.Forward(x, h0, c0, lengths);
        layer.ZeroGrad();
        var grads = layer.Backward(r, rh, rc);

        var reference = ReferenceStack.From(layer);
        double[] xd = x.ToDouble(), h0d = h0?.ToDouble() ?? [], c0d = c0?.ToDouble() ?? [];
        double[] rd = r.ToDouble(), rhd = rh.ToDouble(), rcd = rc?.ToDouble() ?? [];
        double Loss() => reference.Loss(xd, T, B, h0 is null ? null : h0d, c0 is null ? null : c0d, lengths, rd, rhd, rc is null ? null : rcd);

        var (output, hn, cn) = reference.Forward(xd, T, B, h0 is null ? null : h0d, c0 is null ? null : c0d, lengths);
        TestData.AssertClose("output", result.Output.Span, output);
        TestData.AssertClose("h_n", result.HiddenState.Span, hn);
        if (lstm) TestData.AssertClose("c_n", result.CellState!.Span, cn);

        foreach (var p in layer.Parameters)
            TestData.AssertClose("grad." + p.Name, p.Grad.Span, ReferenceStack.NumericGradient(reference.Parameters[p.Name], Loss));
        TestData.AssertClose("grad.x", grads.Input.Span, ReferenceStack.NumericGradient(xd, Loss));
        if (h0 is not null) TestData.AssertClose("grad.h0", grads.InitialHidden.Span, ReferenceStack.NumericGradient(h0d, Loss));
        if (c0 is not null) TestData.AssertClose("grad.c0", grads.InitialCell!.Span, ReferenceStack.NumericGradient(c0d, Loss));
    }
}
