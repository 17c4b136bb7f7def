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
/// gradients into the step before it. <see cref="Forward(Variable, Variable?, Variable?)"/> does the same inside an
/// autograd graph: each step is one node with its own saved state, so a decoder steps the cell many times under one graph.
/// </remarks>
public abstract partial class RecurrentCell : Module
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
    /// One step as a node of an autograd graph: input (B, I), hidden (B, H) and, for LSTM, cell (B, H) (both or neither;
    /// omitted states are zeros; GRU and RNN take no cell). When the loss is backpropagated the node runs
    /// <see cref="Backward"/> for this step with the gradients of h′ and c′, adds dL/dinput, dL/dh, dL/dc into the
    /// gradients of <paramref name="input"/>, <paramref name="hidden"/>, <paramref name="cell"/> (those that require one),
    /// and the parameter gradients into each <see cref="Parameter.Grad"/>. Every call saves its own step, so any number of
    /// steps, of one sequence or of several, share a graph; each can be backpropagated once.
    /// </summary>
    public CellVariables Forward(Variable input, Variable? hidden = null, Variable? cell = null)
    {
        if (Mode == RecurrentMode.Lstm && (hidden is null) != (cell is null))
            throw new ArgumentException("LSTMCell needs both hidden and cell state, or neither.");
        if (Mode != RecurrentMode.Lstm && cell is not null)
            throw new ArgumentException($"A cell state is only for LSTM, not {Mode.TorchName()}.");
        var step = Step(input.Value, hidden?.Value, cell?.Value);
        var parents = new List<Variable>(3 + _parameters.Length) { input };
        if (hidden is not null) parents.Add(hidden);
        if (cell is not null) parents.Add(cell);
        foreach (var p in _parameters) parents.Add(p.AsVariable());
        Variable? cellVar = null;
        var hiddenVar = Variable.Result(step.Hidden, [.. parents], r =>
        {
            var g = Backward(step, r.Grad!, cellVar?.Grad);
            if (input.RequiresGrad) TensorPrimitives.Add(input.GradBuffer.Span, g.Input.Span, input.GradBuffer.Span);
            if (hidden is { RequiresGrad: true }) TensorPrimitives.Add(hidden.GradBuffer.Span, g.Hidden.Span, hidden.GradBuffer.Span);
            if (cell is { RequiresGrad: true }) TensorPrimitives.Add(cell.GradBuffer.Span, g.Cell!.Span, cell.GradBuffer.Span);
        });
        // c′ hangs off the h′ node, so its gradient is complete before that node runs; it only makes sure it runs.
        if (step.Cell is { } c) cellVar = Variable.Result(c, [hiddenVar], _ => hiddenVar.EnsureGrad());
        return new CellVariables(hiddenVar, cellVar);
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

    /// <summary>
    /// One step for inference, in place: <paramref name="input"/> (B, I); <paramref name="hidden"/> and, for LSTM,
    /// <paramref name="cell"/> (B, H) are read and overwritten with h′ and c′. No graph, nothing kept for backward, no
    /// allocation once the buffers have grown to the batch. Same equations as the graph step.
    /// </summary>
    public void Step(ReadOnlySpan<float> input, int batch, Span<float> hidden, Span<float> cell)
    {
        int H = HiddenSize;
        if (batch < 1 || input.Length != batch * InputSize) throw new ArgumentException($"Expected cell input of {batch} × {InputSize} values, got {input.Length}.");
        if (hidden.Length != batch * H) throw new ArgumentException($"Expected hidden state of {batch} × {H} values, got {hidden.Length}.");
        if (Mode == RecurrentMode.Lstm && cell.Length != batch * H) throw new ArgumentException($"Expected cell state of {batch} × {H} values, got {cell.Length}.");
        (_steps ??= new StepBuffers()).Step(_weights, batch, input, default, hidden, cell);
    }

    private StepBuffers? _steps;

    private void CheckState(Tensor? state, string what, int batch) => ShapeOps.Require(state, what, batch, HiddenSize);
}
