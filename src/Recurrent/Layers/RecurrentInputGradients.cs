using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Gradients with respect to a recurrent layer's inputs: x, h0 and (LSTM) c0, shaped as those inputs.</summary>
public sealed record RecurrentInputGradients(Tensor Input, Tensor InitialHidden, Tensor? InitialCell);
