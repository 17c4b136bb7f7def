using Recurrent.Tensors;

namespace Recurrent.Layers;

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
