using Recurrent.Autograd;
using Recurrent.Kernels;

namespace Recurrent.Layers;

/// <summary>
/// The four parameters of one layer and direction (biases absent when the layer has none), plus the buffer for the
/// packed W_hh that each forward pass (as W_hhᵀ) and backward pass (as W_hh) packs once and then multiplies by at
/// every time step. The directions of a stack run one after another, so they share one such buffer: a stack holds
/// one packed copy of one W_hh at a time, not 2·L·D of them (4 MB each at H = 512 LSTM).
/// </summary>
internal sealed class DirectionWeights(RecurrentMode mode, int inputSize, int hiddenSize,
    Parameter weightIh, Parameter weightHh, Parameter? biasIh, Parameter? biasHh, PackedMatrix packedWeightHh)
{
    public RecurrentMode Mode { get; } = mode;
    public int InputSize { get; } = inputSize;
    public int HiddenSize { get; } = hiddenSize;
    public int GateSize => Mode.GateCount() * HiddenSize;

    public Parameter WeightIh { get; } = weightIh;   // (G·H, I)
    public Parameter WeightHh { get; } = weightHh;   // (G·H, H)
    public Parameter? BiasIh { get; } = biasIh;       // (G·H)
    public Parameter? BiasHh { get; } = biasHh;       // (G·H)

    public PackedMatrix PackedWeightHh { get; } = packedWeightHh;   // forward W_hhᵀ (H × G·H), backward W_hh (G·H × H)
}
