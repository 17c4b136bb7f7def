using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>
/// One GRU step, as <c>torch.nn.GRUCell</c>: r, z = σ(...), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
/// h′ = (1 − z) ⊙ n + z ⊙ h.
/// </summary>
public sealed class GruCell(int inputSize, int hiddenSize, bool bias = true, Rng? rng = null)
    : RecurrentCell(RecurrentMode.Gru, inputSize, hiddenSize, bias, rng)
{
    /// <summary>input (B, I), hidden (B, H) or zeros → h′.</summary>
    public CellStep Forward(Tensor input, Tensor? hidden = null) => Step(input, hidden, null);
}
