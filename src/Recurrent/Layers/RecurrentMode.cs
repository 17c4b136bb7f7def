namespace Recurrent.Layers;

/// <summary>The cell a recurrent layer runs; the names match PyTorch's <c>mode</c> strings.</summary>
public enum RecurrentMode
{
    /// <summary>h = tanh(W_ih x + b_ih + W_hh h + b_hh)</summary>
    RnnTanh,
    /// <summary>h = relu(W_ih x + b_ih + W_hh h + b_hh)</summary>
    RnnRelu,
    /// <summary>Long short-term memory, gates i, f, g, o.</summary>
    Lstm,
    /// <summary>Gated recurrent unit, gates r, z, n.</summary>
    Gru,
}
