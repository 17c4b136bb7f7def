using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A single time step of a recurrent cell, for decoders and hand-written loops (as <c>torch.nn.RNNCell</c>,
/// <c>LSTMCell</c>, <c>GRUCell</c>). Parameters <c>weight_ih</c> (G·H, I), <c>weight_hh</c> (G·H, H),
/// <c>bias_ih</c>, <c>bias_hh</c> (G·H), initialised U(−1/√H, 1/√H). Equations: see <see cref="Rnn"/>,
/// <see cref="Lstm"/>, <see cref="Gru"/>.
/// </summary>
/// <remarks>
/// Each forward step returns a <see cref="CellStep"/> that holds what its backward pass needs, so a decoder
/// can run many steps and then call <see cref="Backward"/> on them in reverse order, feeding each step's input-state
/// gradients into the step before it.
/// </remarks>
public abstract class RecurrentCell : Module
{
    private readonly Parameter[] _parameters;
    private readonly DirectionWeights _weights;

    protected RecurrentCell(RecurrentMode mode, int inputSize, int hiddenSize, bool bias, Rng? rng)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "inputSize must be positive.");
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "hiddenSize must be positive.");
        (Mode, InputSize, HiddenSize, Bias) = (mode, inputSize, hiddenSize, bias);
        int G = mode.GateCount() * hiddenSize;
        var specs = new List<(string, int[])> { (ParameterNames.WeightIh, [G, inputSize]), (ParameterNames.WeightHh, [G, hiddenSize]) };
        if (bias) { specs.Add((ParameterNames.BiasIh, [G])); specs.Add((ParameterNames.BiasHh, [G])); }
        _parameters = Parameter.Allocate(specs);
        float bound = 1f / MathF.Sqrt(hiddenSize);
        var generator = rng ?? Rng.Default;
        foreach (var p in _parameters) generator.FillUniform(p.Value.Span, -bound, bound);
        _weights = new DirectionWeights(mode, inputSize, hiddenSize, _parameters[0], _parameters[1],
            bias ? _parameters[2] : null, bias ? _parameters[3] : null, new PackedMatrix());
    }

    public RecurrentMode Mode { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public bool Bias { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>One step: input (B, I), hidden (B, H) and, for LSTM, cell (B, H); omitted states are zeros.</summary>
    protected CellStep Step(Tensor input, Tensor? hidden, Tensor? cell)
    {
        if (input.Rank != 2 || input.Size(1) != InputSize)
            throw new ArgumentException($"Expected cell input of shape (B, {InputSize}), got {input.ShapeString}.");
        int B = input.Size(0), H = HiddenSize;
        CheckState(hidden, "hidden state", B);
        CheckState(cell, "cell state", B);
        var cache = new DirectionCache();
        var h = Tensor.Zeros(B, H);
        var c = Mode == RecurrentMode.Lstm ? Tensor.Zeros(B, H) : null;
        var x = input.Clone();
        RecurrentDirection.Forward(_weights, cache, false, 1, B, x.Span, hidden is null ? default : hidden.Span,
            cell is null ? default : cell.Span, default, h.Memory, H, 0, h.Memory, c is null ? default : c.Memory);
        return new CellStep(this, x, h, c, cache);
    }

    /// <summary>
    /// Backpropagates one step given dL/dh′ and (LSTM) dL/dc′; adds parameter gradients into each
    /// <see cref="Parameter.Grad"/> and returns dL/dinput, dL/dh, dL/dc. Each step can be backpropagated once.
    /// </summary>
    public CellGradients Backward(CellStep step, Tensor? dHidden, Tensor? dCell = null)
    {
        if (!ReferenceEquals(step.Owner, this)) throw new ArgumentException("This step was made by another cell.");
        int B = step.Hidden.Size(0), H = HiddenSize;
        CheckState(dHidden, "hidden state gradient", B);
        CheckState(dCell, "cell state gradient", B);
        if (dCell is not null && Mode != RecurrentMode.Lstm) throw new ArgumentException($"A cell state gradient is only for LSTM, not {Mode.TorchName()}.");
        var dx = Tensor.Zeros(B, InputSize);
        var dh = Tensor.Zeros(B, H);
        var dc = Mode == RecurrentMode.Lstm ? Tensor.Zeros(B, H) : null;
        var dOutput = dHidden ?? Tensor.Zeros(B, H);
        RecurrentDirection.Backward(_weights, step.Cache, false, step.Input.Span, default, dOutput.Memory, H, 0,
            default, dCell is null ? default : dCell.Span, dx.Span, dh.Memory, dc is null ? default : dc.Memory);
        return new CellGradients(dx, dh, dc);
    }

    private void CheckState(Tensor? state, string what, int batch)
    {
        if (state is not null && !state.HasShape(batch, HiddenSize))
            throw new ArgumentException($"Expected {what} of shape ({batch}, {HiddenSize}), got {state.ShapeString}.");
    }
}

/// <summary>One cell step: the new state h′ (B, H), c′ (LSTM), and what its backward pass needs.</summary>
public sealed class CellStep
{
    internal CellStep(RecurrentCell owner, Tensor input, Tensor hidden, Tensor? cell, DirectionCache cache) =>
        (Owner, Input, Hidden, Cell, Cache) = (owner, input, hidden, cell, cache);

    internal RecurrentCell Owner { get; }
    internal Tensor Input { get; }
    internal DirectionCache Cache { get; }
    public Tensor Hidden { get; }
    public Tensor? Cell { get; }
}

/// <summary>Gradients with respect to a cell step's input (B, I), hidden state and (LSTM) cell state (B, H).</summary>
public sealed record CellGradients(Tensor Input, Tensor Hidden, Tensor? Cell);
