using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// One LSTM step, as <c>torch.nn.LSTMCell</c>: gates i, f, g, o from W_ih x + b_ih + W_hh h + b_hh;
/// c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′).
/// </summary>
public sealed class LstmCell(int inputSize, int hiddenSize, bool bias = true, Rng? rng = null)
    : RecurrentCell(RecurrentMode.Lstm, inputSize, hiddenSize, bias, rng)
{
    /// <summary>input (B, I); hidden and cell (B, H), both or neither (zeros) → h′, c′.</summary>
    public CellStep Forward(Tensor input, Tensor? hidden = null, Tensor? cell = null)
    {
        if ((hidden is null) != (cell is null)) throw new ArgumentException("LSTMCell needs both hidden and cell state, or neither.");
        return Step(input, hidden, cell);
    }
}
