using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// A recurrent layer's results: <paramref name="Output"/> (T, B, D·H), or (B, T, D·H) with batchFirst;
/// <paramref name="HiddenState"/> h_n (L·D, B, H); <paramref name="CellState"/> c_n (L·D, B, H), LSTM only.
/// </summary>
public sealed record RecurrentOutput(Tensor Output, Tensor HiddenState, Tensor? CellState);
