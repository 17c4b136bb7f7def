using Recurrent.Autograd;

namespace Recurrent.Layers;

/// <summary>
/// The autograd form of a <see cref="CellStep"/>: the new hidden state h′ (B, H) and, for LSTM, the new cell state
/// c′ (B, H) as graph variables, ready to feed the next step.
/// </summary>
public sealed record CellVariables(Variable Hidden, Variable? Cell);
