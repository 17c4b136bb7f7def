using Recurrent.Tensors;
namespace Recurrent.Layers;

/// <summary>
/// What one layer-direction's forward pass saves for its backward pass, and the backward pass's scratch.
/// Sized for (T, B); grown, never shrunk, so a layer that sees the same shapes allocates nothing after the first call.
/// Shapes: G·H gate width, slots T+1 because the initial state sits beside the T computed states.
/// </summary>
internal sealed class DirectionCache
{
    public int Steps, Batch;
    public float[] Gates = [];      // (T, B, G·H): input projection → activated gates → (backward) dẑ for the input side
    public float[] States = [];     // (T+1, B, H): h; slot 0 (forward) or T (reverse) holds h0
    public float[] Cells = [];      // (T+1, B, H): LSTM c, slots as States
    public float[] HiddenN = [];    // (T, B, H): GRU W_hn·h + b_hn
    public float[] RecurrentGrad = [];  // (T, B, 3H): GRU dẑ for the recurrent side (RNN/LSTM use Gates)
    public float[] StepProduct = [];    // (B, G·H): h_prev·W_hhᵀ of the current step
    public float[] FoldedBias = [];     // (G·H): b_ih + b_hh (GRU: b_hh only for r, z)
    public float[] Dh = [], DhNext = [], Dc = [];  // (B, H) backward carries
    public float[] BiasGrad = [], BiasGradHh = [];  // (B, G·H): Σ_t dẑ per row, input side and (GRU) recurrent side
    public float[] TokenTable = [];     // (V, G·H): token input, P = E·W_ihᵀ + b forward, Σ dẑ per token backward
    public bool Consumed;

    public Span<float> EnsureTokenTable(int length)
    {
        Buffers.Grow(ref TokenTable, length);
        return TokenTable.AsSpan(0, length);
    }

    public void Ensure(RecurrentMode mode, int steps, int batch, int hidden)
    {
        Steps = steps; Batch = batch;
        int g = mode.GateCount() * hidden, rows = steps * batch;
        Buffers.Grow(ref Gates, rows * g);
        Buffers.Grow(ref States, (steps + 1) * batch * hidden);
        if (mode == RecurrentMode.Lstm) Buffers.Grow(ref Cells, (steps + 1) * batch * hidden);
        if (mode == RecurrentMode.Gru) { Buffers.Grow(ref HiddenN, rows * hidden); Buffers.Grow(ref RecurrentGrad, rows * g); }
        Buffers.Grow(ref StepProduct, batch * g);
        Buffers.Grow(ref FoldedBias, g);
        Buffers.Grow(ref BiasGrad, batch * g);
        if (mode == RecurrentMode.Gru) Buffers.Grow(ref BiasGradHh, batch * g);
        Buffers.Grow(ref Dh, batch * hidden); Buffers.Grow(ref DhNext, batch * hidden); Buffers.Grow(ref Dc, batch * hidden);
        Consumed = false;
    }
}
