namespace Recurrent.Layers;

/// <summary>A mode's gate count and PyTorch's names for it.</summary>
public static class RecurrentModeExtensions
{
    /// <summary>Gate blocks stacked in the weight rows: 1 (RNN), 4 (LSTM), 3 (GRU).</summary>
    public static int GateCount(this RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => 4,
        RecurrentMode.Gru => 3,
        _ => 1,
    };

    /// <summary>PyTorch's spelling: RNN_TANH, RNN_RELU, LSTM, GRU.</summary>
    public static string TorchName(this RecurrentMode mode) => mode switch
    {
        RecurrentMode.RnnTanh => "RNN_TANH",
        RecurrentMode.RnnRelu => "RNN_RELU",
        RecurrentMode.Lstm => "LSTM",
        _ => "GRU",
    };

    public static RecurrentMode ParseTorchName(string name) => name switch
    {
        "RNN_TANH" => RecurrentMode.RnnTanh,
        "RNN_RELU" => RecurrentMode.RnnRelu,
        "LSTM" => RecurrentMode.Lstm,
        "GRU" => RecurrentMode.Gru,
        _ => throw new ArgumentException($"Unknown recurrent mode '{name}': expected RNN_TANH, RNN_RELU, LSTM or GRU."),
    };

    /// <summary>The command-line cell names every task accepts (<c>--cell</c>).</summary>
    public static readonly string[] CellNames = ["lstm", "gru", "rnn", "rnn-relu"];

    /// <summary>A <c>--cell</c> name: lstm, gru, rnn (tanh) or rnn-relu; anything else is a one-line error listing them.</summary>
    public static RecurrentMode ParseCellName(string cell) => cell switch
    {
        "lstm" => RecurrentMode.Lstm,
        "gru" => RecurrentMode.Gru,
        "rnn" => RecurrentMode.RnnTanh,
        "rnn-relu" => RecurrentMode.RnnRelu,
        _ => throw new ArgumentException($"Unknown --cell '{cell}': expected {string.Join(", ", CellNames)}."),
    };
}
