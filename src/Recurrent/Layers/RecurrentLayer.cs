using Recurrent.Autograd;
using Recurrent.Kernels;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A stack of recurrent layers with PyTorch's options and parameter contract; <see cref="Rnn"/>, <see cref="Lstm"/> and
/// <see cref="Gru"/> fix the cell. Layer k &gt; 0 reads the concatenated [forward, reverse] output of layer k − 1, with
/// dropout between layers in training mode. Parameters are named as PyTorch names them: for each layer k and direction
/// (suffix <c>_reverse</c> for the second) <c>weight_ih_l{k}</c> (G·H, I_k), <c>weight_hh_l{k}</c> (G·H, H),
/// <c>bias_ih_l{k}</c> (G·H), <c>bias_hh_l{k}</c> (G·H), initialised U(−1/√H, 1/√H).
/// </summary>
public abstract partial class RecurrentLayer : Module
{
    private readonly Parameter[] _parameters;
    private readonly DirectionWeights[] _directions;     // [layer · D + direction]
    private readonly DirectionCache[] _caches;
    private readonly Rng _rng;
    private readonly LayerWorkspace _work = new();
    private long _forwardCount;

    protected RecurrentLayer(RecurrentMode mode, int inputSize, int hiddenSize, int numLayers, bool bias,
        bool batchFirst, float dropout, bool bidirectional, Rng? rng)
    {
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "inputSize must be positive.");
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), hiddenSize, "hiddenSize must be positive.");
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, "numLayers must be positive.");
        if (!(dropout >= 0 && dropout <= 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "dropout must be in [0, 1].");
        (Mode, InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional) =
            (mode, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
        _rng = rng ?? Rng.Default;

        int D = NumDirections, G = mode.GateCount() * hiddenSize;
        // The size first (a file's configuration may ask for billions of layers): G·(I + H + 2) for the first layer,
        // G·(D·H + H + 2) for each other, per direction.
        Parameter.CheckBudget((double)G * D * (inputSize + hiddenSize + 2) + (double)G * D * (D * (double)hiddenSize + hiddenSize + 2) * (numLayers - 1));
        var specs = new List<(string, int[])>();
        for (int k = 0; k < numLayers; k++)
            for (int d = 0; d < D; d++)
            {
                int ik = k == 0 ? inputSize : D * hiddenSize;
                specs.Add((ParameterNames.ForLayer(ParameterNames.WeightIh, k, d), [G, ik]));
                specs.Add((ParameterNames.ForLayer(ParameterNames.WeightHh, k, d), [G, hiddenSize]));
                if (bias)
                {
                    specs.Add((ParameterNames.ForLayer(ParameterNames.BiasIh, k, d), [G]));
                    specs.Add((ParameterNames.ForLayer(ParameterNames.BiasHh, k, d), [G]));
                }
            }
        _parameters = Parameter.Allocate(specs);
        ResetParameters();

        int perDirection = bias ? 4 : 2;
        _directions = new DirectionWeights[numLayers * D];
        _caches = new DirectionCache[numLayers * D];
        var packedWeightHh = new PackedMatrix();
        for (int i = 0; i < _directions.Length; i++)
        {
            var p = _parameters.AsSpan(i * perDirection, perDirection);
            _directions[i] = new DirectionWeights(mode, i / D == 0 ? inputSize : D * hiddenSize, hiddenSize,
                p[0], p[1], bias ? p[2] : null, bias ? p[3] : null, packedWeightHh);
            _caches[i] = new DirectionCache();
        }
    }

    public RecurrentMode Mode { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public int NumLayers { get; }
    public bool Bias { get; }
    public bool BatchFirst { get; }
    public float Dropout { get; }
    public bool Bidirectional { get; }
    public int NumDirections => Bidirectional ? 2 : 1;

    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Re-draws every weight and bias from U(−1/√H, 1/√H), as PyTorch's <c>reset_parameters</c>.</summary>
    public void ResetParameters()
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (var p in _parameters) _rng.FillUniform(p.Value.Span, -bound, bound);
    }

    /// <summary>
    /// Runs the stack over <paramref name="input"/> (T, B, I), or (B, T, I) with batchFirst.
    /// <paramref name="h0"/>, <paramref name="c0"/> (LSTM): (L·D, B, H), zeros when omitted.
    /// <paramref name="lengths"/>: per-sequence valid steps, in batch order, each in [1, T] (as
    /// <c>pack_padded_sequence(..., enforce_sorted=False)</c>): output is 0 past each sequence's end, h_n is taken at
    /// its own last step, and the reverse direction starts there.
    /// </summary>
    public RecurrentOutput Forward(Tensor input, Tensor? h0 = null, Tensor? c0 = null, IReadOnlyList<int>? lengths = null)
    {
        var (T, B) = CheckInput(input);
        var w = Begin(T, B, InputSize, h0, c0, lengths);
        ToTimeMajor<float>(input.Span, w.Input, T, B, InputSize);
        w.TableRows = 0;
        return Run(w.Input.AsSpan(0, T * B * InputSize), h0, c0);
    }

    /// <summary>
    /// The same as <c>Forward(embedding[tokens], ...)</c> without building the embedded input: <paramref name="tokens"/>
    /// are ids (T, B), or (B, T) with batchFirst, into <paramref name="embedding"/> (V, I). The first layer computes its
    /// input projection once per vocabulary entry (V rows) instead of once per token (T·B rows), and its backward
    /// groups the gradient by token; worth it when V &lt; T·B, as for characters. <see cref="Backward"/> then returns
    /// the gradient of the embedding table as <see cref="RecurrentInputGradients.Input"/>.
    /// </summary>
    public RecurrentOutput Forward(ReadOnlySpan<int> tokens, int steps, int batch, Tensor embedding,
        Tensor? h0 = null, Tensor? c0 = null, IReadOnlyList<int>? lengths = null)
    {
        if (embedding.Rank != 2 || embedding.Size(1) != InputSize)
            throw new ArgumentException($"Expected an embedding table of shape (V, {InputSize}), got {embedding.ShapeString}.");
        if (steps <= 0 || batch <= 0 || tokens.Length != steps * batch)
            throw new ArgumentException($"Expected {steps} × {batch} = {steps * batch} token ids (steps and batch positive), got {tokens.Length}.");
        int V = embedding.Size(0);
        foreach (int token in tokens)
            if ((uint)token >= (uint)V) throw new ArgumentException($"Token id {token} is outside the embedding table's {V} rows.");
        var w = Begin(steps, batch, 0, h0, c0, lengths);
        Buffers.Grow(ref w.Tokens, steps * batch);
        ToTimeMajor(tokens, w.Tokens, steps, batch, 1);
        // A copy of the table (V × I, small), as the dense form copies its input: backward sees what forward saw.
        Buffers.Grow(ref w.Table, embedding.Length);
        embedding.Span.CopyTo(w.Table);
        w.TableRows = V;
        return Run(DirectionInput.Lookup(w.Tokens.AsMemory(0, steps * batch), w.Table.AsSpan(0, embedding.Length)), h0, c0);
    }

    // The last layer writes straight into the result tensor (time-major), so the workspace stores only the outputs
    // before it; batch-first needs the last output time-major first, for the transpose.
    private bool LastLayerWritesResult => !BatchFirst;

    private LayerWorkspace Begin(int T, int B, int inputWidth, Tensor? h0, Tensor? c0, IReadOnlyList<int>? lengths)
    {
        CheckState(h0, "hidden state", B);
        if (c0 is not null && Mode != RecurrentMode.Lstm) throw new ArgumentException($"A cell state c0 is only for LSTM, not {Mode.TorchName()}.");
        CheckState(c0, "cell state", B);
        if (Mode == RecurrentMode.Lstm && (h0 is null) != (c0 is null))
            throw new ArgumentException("LSTM needs both h0 and c0, or neither.");
        var w = _work;
        w.Prepare(T, B, inputWidth, LastLayerWritesResult ? NumLayers - 1 : NumLayers, NumDirections * HiddenSize,
            Dropout > 0 && Training && NumLayers > 1);
        w.SetLengths(lengths, T, B);
        return w;
    }

    private RecurrentOutput Run(DirectionInput firstInput, Tensor? h0, Tensor? c0)
    {
        var w = _work;
        int T = w.Steps, B = w.Batch, L = NumLayers, D = NumDirections, H = HiddenSize, DH = D * H;
        var hn = Tensor.Zeros(L * D, B, H);
        var cn = Mode == RecurrentMode.Lstm ? Tensor.Zeros(L * D, B, H) : null;
        var result = BatchFirst ? Tensor.Zeros(B, T, DH) : Tensor.Zeros(T, B, DH);
        ReadOnlySpan<float> layerOutput = default;
        for (int k = 0; k < L; k++)
        {
            var output = k == L - 1 && LastLayerWritesResult ? result.Memory : w.Outputs[k].AsMemory(0, T * B * DH);
            for (int d = 0; d < D; d++)
            {
                int i = k * D + d;
                RecurrentDirection.Forward(_directions[i], _caches[i], d == 1, T, B, k == 0 ? firstInput : layerOutput,
                    h0 is null ? default : h0[i].Span, c0 is null ? default : c0[i].Span, w.Active,
                    output, DH, d * H, hn[i].Memory, cn is null ? default : cn[i].Memory);
            }
            layerOutput = w.UseDropout && k < L - 1 ? ApplyDropout(output.Span, w.DropoutMasks[k], w.Dropped[k]) : output.Span;
        }

        if (!LastLayerWritesResult) FromTimeMajor(layerOutput, result.Span, T, B, DH);
        w.HasForward = true;
        _forwardCount++;
        return new RecurrentOutput(result, hn, cn);
    }

    /// <summary>
    /// The layer as one node of an autograd graph: same arguments and results as the tensor form, and the
    /// gradients of output, h_n and c_n flow back into input, h0, c0 and the parameters when the loss is backpropagated.
    /// The layer keeps one forward pass for backward: run it once per graph (a second run before backward is an error).
    /// </summary>
    public RecurrentVariables Forward(Variable input, Variable? h0 = null, Variable? c0 = null, IReadOnlyList<int>? lengths = null) =>
        AsVariables(Forward(input.Value, h0?.Value, c0?.Value, lengths), input, h0, c0);

    /// <summary>
    /// The token form (see <see cref="Forward(ReadOnlySpan{int}, int, int, Tensor, Tensor?, Tensor?, IReadOnlyList{int}?)"/>)
    /// as one node of an autograd graph; the gradient for the embedding table flows into <paramref name="embedding"/>.
    /// </summary>
    public RecurrentVariables Forward(ReadOnlySpan<int> tokens, int steps, int batch, Variable embedding,
        Variable? h0 = null, Variable? c0 = null, IReadOnlyList<int>? lengths = null) =>
        AsVariables(Forward(tokens, steps, batch, embedding.Value, h0?.Value, c0?.Value, lengths), embedding, h0, c0);

    private RecurrentVariables AsVariables(RecurrentOutput result, Variable input, Variable? h0, Variable? c0)
    {
        long pass = _forwardCount;
        Variable? hiddenVar = null, cellVar = null;
        var parents = new List<Variable> { input };
        if (h0 is not null) parents.Add(h0);
        if (c0 is not null) parents.Add(c0);
        parents.AddRange(_parameters.Select(p => p.AsVariable()));
        var outputVar = Variable.Result(result.Output, [.. parents], r =>
        {
            if (pass != _forwardCount)
                throw new InvalidOperationException($"This {Mode.TorchName()} layer ran forward again before the backward pass of an earlier run; use one run per graph.");
            var g = Backward(r.Grad!, hiddenVar!.Grad, cellVar?.Grad);
            if (input.RequiresGrad) TensorPrimitives.Add(input.GradBuffer.Span, g.Input.Span, input.GradBuffer.Span);
            if (h0 is { RequiresGrad: true }) TensorPrimitives.Add(h0.GradBuffer.Span, g.InitialHidden.Span, h0.GradBuffer.Span);
            if (c0 is { RequiresGrad: true }) TensorPrimitives.Add(c0.GradBuffer.Span, g.InitialCell!.Span, c0.GradBuffer.Span);
        });
        // h_n and c_n hang off the output node, so their gradients are complete before it runs; they only make sure it runs.
        hiddenVar = Variable.Result(result.HiddenState, [outputVar], _ => outputVar.EnsureGrad());
        if (result.CellState is { } cn) cellVar = Variable.Result(cn, [outputVar], _ => outputVar.EnsureGrad());
        return new RecurrentVariables(outputVar, hiddenVar, cellVar);
    }

    /// <summary>
    /// Backpropagates the last tensor-form forward pass given dL/doutput (shaped as output) and optionally dL/dh_n,
    /// dL/dc_n (shaped as h_n, c_n; zeros when omitted). Adds parameter gradients into each <see cref="Parameter.Grad"/>
    /// and returns the gradients for the input (the embedding table after a token forward), h0 and c0.
    /// Each forward pass can be backpropagated once.
    /// </summary>
    public RecurrentInputGradients Backward(Tensor dOutput, Tensor? dHn = null, Tensor? dCn = null)
    {
        var w = _work;
        if (!w.HasForward) throw new InvalidOperationException("Backward needs a Forward pass first (each forward pass can be backpropagated once).");
        int T = w.Steps, B = w.Batch, L = NumLayers, D = NumDirections, H = HiddenSize, DH = D * H;
        var expected = BatchFirst ? new[] { B, T, DH } : [T, B, DH];
        if (!dOutput.HasShape(expected))
            throw new ArgumentException($"Expected output gradient of shape {ShapeOps.Format(expected)}, got {dOutput.ShapeString}.");
        CheckState(dHn, "hidden state gradient", B);
        if (dCn is not null && Mode != RecurrentMode.Lstm) throw new ArgumentException($"A cell state gradient is only for LSTM, not {Mode.TorchName()}.");
        CheckState(dCn, "cell state gradient", B);
        w.HasForward = false;

        var dh0 = Tensor.Zeros(L * D, B, H);
        var dc0 = Mode == RecurrentMode.Lstm ? Tensor.Zeros(L * D, B, H) : null;
        var dTable = w.TableRows > 0 ? Tensor.Zeros(w.TableRows, InputSize) : null;
        ReadOnlyMemory<float> dLayerOutput = dOutput.Memory;
        if (BatchFirst)
        {
            var transposed = w.Gradient(0, T * B * DH);
            ToTimeMajor<float>(dOutput.Span, transposed.Span, T, B, DH);
            dLayerOutput = transposed;
        }
        for (int k = L - 1; k >= 0; k--)
        {
            int inputWidth = k == 0 ? InputSize : DH;
            DirectionInput layerInput = k > 0 ? (w.UseDropout ? w.Dropped[k - 1] : w.Outputs[k - 1]).AsSpan(0, T * B * DH)
                : dTable is null ? w.Input.AsSpan(0, T * B * InputSize)
                : DirectionInput.Lookup(w.Tokens.AsMemory(0, T * B), w.Table.AsSpan(0, w.TableRows * InputSize));
            // Ping-pong: layer L − 1 writes buffer 1, layer L − 2 buffer 0, ...; the input to a batch-first backward sits in 0.
            var dInput = k == 0 && dTable is not null ? dTable.Memory : w.Gradient((L - k) % 2, T * B * inputWidth);
            dInput.Span.Clear();
            for (int d = 0; d < D; d++)
            {
                int i = k * D + d;
                RecurrentDirection.Backward(_directions[i], _caches[i], d == 1, layerInput, w.Active, dLayerOutput, DH, d * H,
                    dHn is null ? default : dHn[i].Span, dCn is null ? default : dCn[i].Span,
                    dInput.Span, dh0[i].Memory, dc0 is null ? default : dc0[i].Memory);
            }
            // forward: x_{k} = dropout(out_{k−1})  ⇒  dout_{k−1} = dx_k ⊙ mask
            if (k > 0 && w.UseDropout) TensorPrimitives.Multiply(dInput.Span, w.DropoutMasks[k - 1].AsSpan(0, dInput.Length), dInput.Span);
            dLayerOutput = dInput;
        }
        if (dTable is not null) return new RecurrentInputGradients(dTable, dh0, dc0);

        var dx = BatchFirst ? Tensor.Zeros(B, T, InputSize) : Tensor.Zeros(T, B, InputSize);
        FromTimeMajor(dLayerOutput.Span, dx.Span, T, B, InputSize);
        return new RecurrentInputGradients(dx, dh0, dc0);
    }

    // Inverted dropout: keep with probability 1 − p and scale by 1/(1 − p); the mask holds the scale (0 or 1/(1−p)).
    private ReadOnlySpan<float> ApplyDropout(ReadOnlySpan<float> values, float[] mask, float[] dropped)
    {
        Ops.DropoutMask(values, Dropout, _rng, mask, dropped);
        return dropped.AsSpan(0, values.Length);
    }

    private (int T, int B) CheckInput(Tensor input)
    {
        if (input.Rank != 3)
            throw new ArgumentException($"Expected input of rank 3 ({(BatchFirst ? "B, T, I" : "T, B, I")}), got rank {input.Rank} with shape {input.ShapeString}.");
        if (input.Size(2) != InputSize)
            throw new ArgumentException($"Expected input with {InputSize} features (input_size), got {input.Size(2)} in shape {input.ShapeString}.");
        int T = BatchFirst ? input.Size(1) : input.Size(0), B = BatchFirst ? input.Size(0) : input.Size(1);
        if (T == 0 || B == 0) throw new ArgumentException($"Expected input with at least one time step and one sequence, got shape {input.ShapeString}.");
        return (T, B);
    }

    private void CheckState(Tensor? state, string what, int batch) => ShapeOps.Require(state, what, NumLayers * NumDirections, batch, HiddenSize);

    // (B, T, F) → (T, B, F) when batch-first, else a plain copy.
    private void ToTimeMajor<TValue>(ReadOnlySpan<TValue> source, Span<TValue> destination, int T, int B, int F)
    {
        if (!BatchFirst) { source[..(T * B * F)].CopyTo(destination); return; }
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
                source.Slice((b * T + t) * F, F).CopyTo(destination.Slice((t * B + b) * F, F));
    }

    private void FromTimeMajor(ReadOnlySpan<float> source, Span<float> destination, int T, int B, int F)
    {
        if (!BatchFirst) { source[..(T * B * F)].CopyTo(destination); return; }
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
                source.Slice((t * B + b) * F, F).CopyTo(destination.Slice((b * T + t) * F, F));
    }
}
