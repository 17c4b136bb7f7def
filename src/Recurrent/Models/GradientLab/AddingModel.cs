using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// [value, marker] steps (T, B, 2) → one recurrent layer (H) → h_{T−1} → Linear(H, 1) → the predicted sum (B).
/// Cells: lstm, gru, rnn (tanh), rnn-relu, and irnn: the ReLU RNN initialised as Le, Jaitly and Hinton (2015) do,
/// W_hh = I, biases 0, W_ih ~ N(0, 0.001²), so that at the start h_t = h_{t−1} + small input and the gradient neither
/// vanishes nor explodes.
/// </summary>
public sealed class AddingModel : Module
{
    private readonly RecurrentLayer _rnn;
    private readonly Linear _output;
    private readonly Parameter[] _parameters;

    public AddingModel(string cell, int hidden, Rng rng)
    {
        Cell = cell;
        var mode = cell == "irnn" ? RecurrentMode.RnnRelu : RecurrentModeExtensions.ParseCellName(cell);
        _rnn = RecurrentLayer.Create(mode, 2, hidden, rng: rng);
        if (cell == "irnn")
            foreach (var p in _rnn.Parameters)
            {
                var w = p.Value.Span;
                if (p.Name.StartsWith("weight_hh")) { w.Clear(); for (int i = 0; i < hidden; i++) w[i * hidden + i] = 1; }
                else if (p.Name.StartsWith("weight_ih")) rng.FillGaussian(w, 0.001f);
                else w.Clear();
            }
        _output = new Linear(hidden, 1, rng: rng);
        _parameters = [.. _rnn.Parameters.Select(p => p.WithPrefix("rnn")), .. _output.Parameters.Select(p => p.WithPrefix("output"))];
    }

    /// <summary>The cell's name, as given (irnn included).</summary>
    public string Cell { get; }

    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [_rnn, _output];

    /// <summary>inputs (T, B, 2) → predictions (B).</summary>
    public Variable Forward(Tensor inputs)
    {
        var h = _rnn.Forward(new Variable(inputs)).HiddenState;                  // (1, B, H)
        return Ops.Reshape(_output.Forward(Ops.Reshape(h, inputs.Size(1), _rnn.HiddenSize)), inputs.Size(1));
    }
}
