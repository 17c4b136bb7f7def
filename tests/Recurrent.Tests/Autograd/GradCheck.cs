using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Tests.Autograd;

/// <summary>
/// Central-difference check of an autograd function: L = Σ f(inputs) ⊙ R for a fixed random R, every input element
/// perturbed by ±eps. The ops compute in float32, so eps is 1e-3 and the tolerance 1e-3 + 1e-2·|numeric| — loose
/// against rounding, tight against a wrong formula (which is off by O(1)). The recurrent layers themselves are checked
/// in double precision (GradientCheckTests).
/// </summary>
internal static class GradCheck
{
    public static void Check(Func<Variable[], Variable> f, params Tensor[] inputs)
    {
        var rng = new Rng(77);
        var variables = inputs.Select(t => new Variable(t, requiresGrad: true)).ToArray();
        var y = f(variables);
        var r = TestData.Gaussian(rng, y.Value.Shape.ToArray());
        var loss = Ops.Sum(Ops.Multiply(y, new Variable(r)));
        loss.Backward();

        double Loss()
        {
            var value = f(inputs.Select(t => new Variable(t)).ToArray()).Value.Span;
            double s = 0;
            for (int i = 0; i < value.Length; i++) s += (double)value[i] * r.Span[i];
            return s;
        }

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k].Span;
            var analytic = variables[k].Grad?.Span.ToArray() ?? new float[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                float keep = x[i];
                const float eps = 1e-3f;
                x[i] = keep + eps; double up = Loss();
                x[i] = keep - eps; double down = Loss();
                x[i] = keep;
                double numeric = (up - down) / (2 * eps);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric),
                    $"input {k} element {i}: numeric {numeric:G6}, analytic {analytic[i]:G6}");
            }
        }
    }
}
