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
    public static void Check(Func<Variable[], Variable> f, params Tensor[] inputs) => Check(f, [], inputs);

    /// <summary>
    /// The same check for a function that also reads <paramref name="parameters"/> (a cell's weights): their gradients
    /// are zeroed, and each of their elements is perturbed too and compared with what backward added to its Grad.
    /// </summary>
    public static void Check(Func<Variable[], Variable> f, IReadOnlyList<Parameter> parameters, params Tensor[] inputs)
    {
        var rng = new Rng(77);
        foreach (var p in parameters) p.Grad.Span.Clear();
        var variables = inputs.Select(t => new Variable(t, requiresGrad: true)).ToArray();
        var y = f(variables);
        var r = TestData.Gaussian(rng, y.Value.Shape.ToArray());
        var loss = Ops.Sum(Ops.Multiply(y, new Variable(r)));
        loss.Backward();

        double Loss()
        {
            using var noGraph = Variable.NoGrad();
            var value = f(inputs.Select(t => new Variable(t)).ToArray()).Value.Span;
            double s = 0;
            for (int i = 0; i < value.Length; i++) s += (double)value[i] * r.Span[i];
            return s;
        }

        void Compare(string name, Span<float> x, ReadOnlySpan<float> analytic)
        {
            for (int i = 0; i < x.Length; i++)
            {
                float keep = x[i];
                const float eps = 1e-3f;
                x[i] = keep + eps; double up = Loss();
                x[i] = keep - eps; double down = Loss();
                x[i] = keep;
                double numeric = (up - down) / (2 * eps);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric),
                    $"{name} element {i}: numeric {numeric:G6}, analytic {analytic[i]:G6}");
            }
        }

        for (int k = 0; k < inputs.Length; k++)
            Compare($"input {k}", inputs[k].Span, variables[k].Grad?.Span.ToArray() ?? new float[inputs[k].Length]);
        foreach (var p in parameters) Compare(p.Name, p.Value.Span, p.Grad.Span.ToArray());
    }
}
