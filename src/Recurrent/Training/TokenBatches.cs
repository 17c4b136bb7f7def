using Recurrent.Tensors;

namespace Recurrent.Training;

/// <summary>
/// Windows of a token stream for truncated backpropagation through time. Each window gives inputs x and next-token
/// targets y, both (T, B) time-major.
/// </summary>
public abstract class TokenBatches(int[] tokens, int steps, int batch)
{
    protected int[] Tokens { get; } = tokens;
    public int Steps { get; } = steps;
    public int Batch { get; } = batch;
    public int[] Inputs { get; } = new int[steps * batch];
    public int[] Targets { get; } = new int[steps * batch];

    /// <summary>Fills <see cref="Inputs"/> and <see cref="Targets"/>; returns true when the carried state must restart from zero.</summary>
    public abstract bool Next();

    /// <summary>Where the next window starts (saved in checkpoints).</summary>
    public abstract long Cursor { get; set; }

    protected void Fill(int b, int start)
    {
        for (int t = 0; t < Steps; t++)
        {
            Inputs[t * Batch + b] = Tokens[start + t];
            Targets[t * Batch + b] = Tokens[start + t + 1];
        }
    }
}

/// <summary>
/// char-rnn's scheme: the text is cut into B contiguous streams, and window k takes positions [kT, (k+1)T) of every
/// stream, so the state carried from window k is exactly the context of window k + 1. At the end of the streams it
/// wraps to the start (and the state restarts).
/// </summary>
public sealed class SequentialBatches : TokenBatches
{
    private readonly int _streamLength;
    private readonly int _windows;
    private int _next;

    public SequentialBatches(int[] tokens, int steps, int batch) : base(tokens, steps, batch)
    {
        _streamLength = (tokens.Length - 1) / batch;
        _windows = _streamLength / steps;
        if (_windows < 1)
            throw new ArgumentException($"The training text ({tokens.Length} characters) is shorter than one window: " +
                $"stateful BPTT needs at least batch × (seq-len) + 1 = {batch * steps + 1} characters.");
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

/// <summary>nanoGPT's scheme: B independent windows at uniformly random offsets, each from a zero state.</summary>
public sealed class RandomBatches : TokenBatches
{
    private readonly Rng _rng;

    public RandomBatches(int[] tokens, int steps, int batch, Rng rng) : base(tokens, steps, batch)
    {
        if (tokens.Length < steps + 1)
            throw new ArgumentException($"The training text ({tokens.Length} characters) is shorter than one window of {steps} + 1 characters.");
        _rng = rng;
    }

    public override long Cursor { get => 0; set { } }

    public override bool Next()
    {
        for (int b = 0; b < Batch; b++) Fill(b, _rng.NextInt(Tokens.Length - Steps));
        return true;
    }
}
