using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>An Elman recurrent layer stack, as <c>torch.nn.RNN</c>.</summary>
/// <remarks>
/// h_t = act(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh), act = tanh (default) or ReLU.
/// Shapes: x (T, B, I) or (B, T, I) with batchFirst; W_ih (H, I_k); W_hh (H, H); b (H); h (L·D, B, H).
/// Initialisation U(−1/√H, 1/√H).
/// </remarks>
public sealed class Rnn(int inputSize, int hiddenSize, int numLayers = 1, bool relu = false, bool bias = true,
    bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Rng? rng = null)
    : RecurrentLayer(relu ? RecurrentMode.RnnRelu : RecurrentMode.RnnTanh, inputSize, hiddenSize, numLayers, bias,
        batchFirst, dropout, bidirectional, rng);
