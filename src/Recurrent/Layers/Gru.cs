using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>A gated recurrent unit layer stack, as <c>torch.nn.GRU</c>.</summary>
/// <remarks>
/// Gates in PyTorch's order r, z, n:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) (b_hn inside the reset product: PyTorch's and cuDNN's form),
/// h_t = (1 − z) ⊙ n + z ⊙ h_(t−1).
/// Shapes: W_ih (3H, I_k); W_hh (3H, H); b (3H); h (L·D, B, H). Initialisation U(−1/√H, 1/√H).
/// </remarks>
public sealed class Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true,
    bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Rng? rng = null)
    : RecurrentLayer(RecurrentMode.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng);
