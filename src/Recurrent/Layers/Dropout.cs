using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Inverted dropout, as <c>torch.nn.Dropout</c>: zeroes each value with probability p in training mode and scales the rest by 1/(1 − p).</summary>
public sealed class Dropout(float p, Rng? rng = null) : Module
{
    public float P { get; } = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
    public override IReadOnlyList<Parameter> Parameters => [];
    public Variable Forward(Variable x) => Ops.Dropout(x, P, rng ?? Rng.Default, Training);
}
