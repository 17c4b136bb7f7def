using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The seeds' Markov model: the next value from the last τ values only, ŷ_t = W₂ relu(W₁ (y_(t−τ) … y_(t−1)) + b₁) + b₂,
/// on standardised values. Names as the seeds' nn.Sequential(Linear(τ, H), ReLU(), Linear(H, 1)): <c>net.0.*</c>, <c>net.2.*</c>.
/// </summary>
public sealed class MarkovMlp : Module
{
    private readonly Linear _hidden, _output;
    private readonly Parameter[] _parameters;

    public MarkovMlp(int order, int hidden, Rng rng)
    {
        if (order < 1 || hidden < 1) throw new ArgumentException($"An MLP on the last τ values needs τ ≥ 1 and a hidden size ≥ 1, got {order} and {hidden}.");
        Order = order;
        _hidden = new Linear(order, hidden, rng: rng);
        _output = new Linear(hidden, 1, rng: rng);
        _parameters = [.. _hidden.Parameters.Select(p => p.WithPrefix("net.0")), .. _output.Parameters.Select(p => p.WithPrefix("net.2"))];
    }

    /// <summary>τ, the values it reads.</summary>
    public int Order { get; }

    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [_hidden, _output];

    /// <summary>x (B, τ), oldest first → ŷ (B, 1).</summary>
    public Variable Forward(Variable x) => _output.Forward(Ops.Relu(_hidden.Forward(x)));
}
