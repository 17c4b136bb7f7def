using Recurrent.Autograd;

namespace Recurrent.Layers;

/// <summary>Normalises the last dimension, as <c>torch.nn.LayerNorm</c>: <c>weight</c> (F) = 1, <c>bias</c> (F) = 0 initially.</summary>
public sealed class LayerNorm : Module
{
    private readonly Parameter[] _parameters;

    public LayerNorm(int features, float eps = 1e-5f)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "LayerNorm needs a positive size.");
        (Features, Eps) = (features, eps);
        _parameters = Parameter.Allocate([("weight", [features]), ("bias", [features])]);
        _parameters[0].Value.Fill(1f);
    }

    public int Features { get; }
    public float Eps { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    public Variable Forward(Variable x) => Ops.LayerNorm(x, _parameters[0].AsVariable(), _parameters[1].AsVariable(), Eps);
}
