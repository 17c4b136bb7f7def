using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// y = x·Wᵀ + b over the last dimension, as <c>torch.nn.Linear</c>: <c>weight</c> (O, I), <c>bias</c> (O),
/// both initialised U(−1/√I, 1/√I) (PyTorch's default, kaiming-uniform with a = √5).
/// </summary>
public sealed class Linear : Module
{
    private readonly Parameter[] _parameters;

    public Linear(int inFeatures, int outFeatures, bool bias = true, Rng? rng = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs positive sizes, got {inFeatures} → {outFeatures}.");
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        var specs = new List<(string, int[])> { ("weight", [outFeatures, inFeatures]) };
        if (bias) specs.Add(("bias", [outFeatures]));
        _parameters = Parameter.Allocate(specs);
        float bound = 1f / MathF.Sqrt(inFeatures);
        foreach (var p in _parameters) (rng ?? Rng.Default).FillUniform(p.Value.Span, -bound, bound);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    public Parameter Weight => _parameters[0];
    public Parameter? Bias => _parameters.Length > 1 ? _parameters[1] : null;

    public Variable Forward(Variable x) => Ops.Linear(x, Weight.AsVariable(), Bias?.AsVariable());
}
