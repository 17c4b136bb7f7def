using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>A long short-term memory layer stack, as <c>torch.nn.LSTM</c> (no projection).</summary>
/// <remarks>
/// From ẑ = W_ih x_t + b_ih + W_hh h_(t−1) + b_hh, split into four blocks in PyTorch's order i, f, g, o:
/// i = σ(ẑ_i), f = σ(ẑ_f), g = tanh(ẑ_g), o = σ(ẑ_o); c_t = f ⊙ c_(t−1) + i ⊙ g; h_t = o ⊙ tanh(c_t).
/// Shapes: W_ih (4H, I_k); W_hh (4H, H); b (4H); h, c (L·D, B, H). Initialisation U(−1/√H, 1/√H).
/// Derivation of the backward pass: docs/lstm.md.
/// </remarks>
public sealed class Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true,
    bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Rng? rng = null)
    : RecurrentLayer(RecurrentMode.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng);
