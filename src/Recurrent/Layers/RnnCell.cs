using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>One Elman RNN step, as <c>torch.nn.RNNCell</c>: h′ = act(W_ih x + b_ih + W_hh h + b_hh), act = tanh or ReLU.</summary>
public sealed class RnnCell(int inputSize, int hiddenSize, bool relu = false, bool bias = true, Rng? rng = null)
    : RecurrentCell(relu ? RecurrentMode.RnnRelu : RecurrentMode.RnnTanh, inputSize, hiddenSize, bias, rng)
{
    /// <summary>input (B, I), hidden (B, H) or zeros → h′ in <see cref="CellStep.Hidden"/>.</summary>
    public CellStep Forward(Tensor input, Tensor? hidden = null) => Step(input, hidden, null);
}
