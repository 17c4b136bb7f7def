using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The lab's model for long-lag tasks: inputs (T, B, I) → one recurrent layer (H, a <see cref="LabCells"/> cell) →
/// Linear(H, O), read at the last step (the adding problem: h_{T−1} → the sum) or at every step (copy memory).
/// Parameters <c>rnn.*</c> and <c>output.*</c>.
/// </summary>
public sealed class LongLagModel : Module
{
    private readonly Linear _output;
    private readonly Parameter[] _parameters;

    public LongLagModel(string cell, int inputSize, int hidden, int outputSize, Rng rng, double? spectralRadius = null, float? forgetBias = null)
    {
        Cell = cell;
        Recurrent = LabCells.Create(cell, inputSize, hidden, rng, spectralRadius, forgetBias);
        _output = new Linear(hidden, outputSize, rng: rng);
        _parameters = [.. Recurrent.Parameters.Select(p => p.WithPrefix("rnn")), .. _output.Parameters.Select(p => p.WithPrefix("output"))];
    }

    /// <summary>The cell's name, as given (irnn included).</summary>
    public string Cell { get; }

    /// <summary>The recurrent layer (parameters <c>rnn.*</c>).</summary>
    public RecurrentLayer Recurrent { get; }

    /// <summary>The direction in hidden space the first output reads: a copy of the output layer's first weight row (H).</summary>
    public Tensor Readout => Tensor.FromArray(_output.Weight.Value.Span[..Recurrent.HiddenSize].ToArray(), Recurrent.HiddenSize);

    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [Recurrent, _output];

    /// <summary>inputs (T, B, I) → outputs at the last step (B, O).</summary>
    public Variable ForwardLast(Tensor inputs)
    {
        var h = Recurrent.Forward(new Variable(inputs)).HiddenState;                  // (1, B, H)
        return _output.Forward(Ops.Reshape(h, inputs.Size(1), Recurrent.HiddenSize));
    }

    /// <summary>inputs (T, B, I) → outputs at every step (T·B, O), step-major.</summary>
    public Variable ForwardEveryStep(Tensor inputs)
    {
        var outputs = Recurrent.Forward(new Variable(inputs)).Output;                // (T, B, H)
        return _output.Forward(Ops.Reshape(outputs, inputs.Size(0) * inputs.Size(1), Recurrent.HiddenSize));
    }
}
