namespace Recurrent.Data;

/// <summary>
/// char-rnn's scheme: the stream is cut into B contiguous streams, and window k takes positions [kT, (k+1)T) of every
/// stream, so the state carried from window k is exactly the context of window k + 1. At the end of the streams it
/// wraps to the start (and the state restarts).
/// </summary>
public sealed class SequentialWindows : LanguageModelWindows
{
    private readonly int _streamLength;
    private readonly int _windows;
    private int _next;

    public SequentialWindows(TokenIds tokens, int steps, int batch) : base(tokens, steps, batch)
    {
        _streamLength = (tokens.Length - 1) / batch;
        _windows = _streamLength / steps;
        if (_windows < 1)
            throw new ArgumentException($"The training text ({tokens.Length} tokens) is shorter than one window: " +
                $"stateful BPTT needs at least batch × (seq-len) + 1 = {batch * steps + 1} tokens.");
    }

    public int WindowsPerEpoch => _windows;

    public override long Cursor { get => _next; set => _next = (int)(value % _windows); }

    public override bool Next()
    {
        bool restart = _next == 0;
        for (int b = 0; b < Batch; b++) Fill(b, b * _streamLength + _next * Steps);
        _next = (_next + 1) % _windows;
        return restart;
    }
}
