using Recurrent.Kernels;

namespace Recurrent.Layers;

/// <summary>
/// The four parameters of one layer and direction (biases absent when the layer has none), plus the packed copies
/// of W_hh that each forward and backward pass re-packs once and then multiplies by at every time step.
/// </summary>
internal sealed class DirectionWeights(RecurrentMode mode, int inputSize, int hiddenSize,
    Parameter weightIh, Parameter weightHh, Parameter? biasIh, Parameter? biasHh)
{
    public RecurrentMode Mode { get; } = mode;
    public int InputSize { get; } = inputSize;
    public int HiddenSize { get; } = hiddenSize;
    public int GateSize => Mode.GateCount() * HiddenSize;

    public Parameter WeightIh { get; } = weightIh;   // (G·H, I)
    public Parameter WeightHh { get; } = weightHh;   // (G·H, H)
    public Parameter? BiasIh { get; } = biasIh;       // (G·H)
    public Parameter? BiasHh { get; } = biasHh;       // (G·H)

    public PackedMatrix WeightHhTransposedPacked { get; } = new();  // W_hhᵀ (H × G·H): forward h·W_hhᵀ
    public PackedMatrix WeightHhPacked { get; } = new();            // W_hh (G·H × H): backward dẑ·W_hh
}
