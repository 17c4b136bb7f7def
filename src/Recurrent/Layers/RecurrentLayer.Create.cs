using Recurrent.Tensors;

namespace Recurrent.Layers;

public abstract partial class RecurrentLayer
{
    /// <summary>
    /// The layer stack for <paramref name="mode"/>, as <c>torch.nn.RNNBase(mode, ...)</c>: <see cref="Lstm"/>,
    /// <see cref="Gru"/> or <see cref="Rnn"/> (tanh or ReLU). The one place a mode becomes a layer.
    /// </summary>
    public static RecurrentLayer Create(RecurrentMode mode, int inputSize, int hiddenSize, int numLayers = 1, bool bias = true,
        bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Rng? rng = null) => mode switch
    {
        RecurrentMode.Lstm => new Lstm(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng),
        RecurrentMode.Gru => new Gru(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, rng),
        RecurrentMode.RnnTanh or RecurrentMode.RnnRelu =>
            new Rnn(inputSize, hiddenSize, numLayers, mode == RecurrentMode.RnnRelu, bias, batchFirst, dropout, bidirectional, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown recurrent mode."),
    };
}
