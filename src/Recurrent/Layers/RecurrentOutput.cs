using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A recurrent layer's results: <paramref name="Output"/> (T, B, D·H), or (B, T, D·H) with batchFirst;
/// <paramref name="HiddenState"/> h_n (L·D, B, H); <paramref name="CellState"/> c_n (L·D, B, H), LSTM only.
/// </summary>
public sealed record RecurrentOutput(Tensor Output, Tensor HiddenState, Tensor? CellState);

/// <summary>Gradients with respect to a recurrent layer's inputs: x, h0 and (LSTM) c0, shaped as those inputs.</summary>
public sealed record RecurrentInputGradients(Tensor Input, Tensor InitialHidden, Tensor? InitialCell);

/// <summary>The autograd form of <see cref="RecurrentOutput"/>: output, h_n and (LSTM) c_n as graph variables.</summary>
public sealed record RecurrentVariables(Variable Output, Variable HiddenState, Variable? CellState);
