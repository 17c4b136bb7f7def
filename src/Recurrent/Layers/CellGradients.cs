using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Gradients with respect to a cell step's input (B, I), hidden state and (LSTM) cell state (B, H).</summary>
public sealed record CellGradients(Tensor Input, Tensor Hidden, Tensor? Cell);
