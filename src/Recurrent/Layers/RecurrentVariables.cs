using Recurrent.Autograd;

namespace Recurrent.Layers;

/// <summary>The autograd form of <see cref="RecurrentOutput"/>: output, h_n and (LSTM) c_n as graph variables.</summary>
public sealed record RecurrentVariables(Variable Output, Variable HiddenState, Variable? CellState);
