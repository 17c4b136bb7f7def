using Recurrent.Tensors;

namespace Recurrent.Layers;

public abstract partial class RecurrentCell
{
    /// <summary>
    /// The cell for <paramref name="mode"/>, as <c>torch.nn.RNNCell</c> (tanh or ReLU), <c>LSTMCell</c>, <c>GRUCell</c>:
    /// <see cref="RnnCell"/>, <see cref="LstmCell"/> or <see cref="GruCell"/>. The one place a mode becomes a cell.
    /// </summary>
    public static RecurrentCell Create(RecurrentMode mode, int inputSize, int hiddenSize, bool bias = true, Rng? rng = null) => mode switch
    {
        RecurrentMode.Lstm => new LstmCell(inputSize, hiddenSize, bias, rng),
        RecurrentMode.Gru => new GruCell(inputSize, hiddenSize, bias, rng),
        RecurrentMode.RnnTanh or RecurrentMode.RnnRelu => new RnnCell(inputSize, hiddenSize, mode == RecurrentMode.RnnRelu, bias, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown recurrent mode."),
    };
}
