namespace Recurrent.Data;

/// <summary>
/// Windows of a token stream for truncated backpropagation through time: each window gives inputs x and next-token
/// targets y, both (T, B) time-major. <see cref="SequentialWindows"/> carries state (char-rnn), <see cref="RandomWindows"/>
/// does not (nanoGPT).
/// </summary>
public abstract class LanguageModelWindows(TokenIds tokens, int steps, int batch)
{
    protected TokenIds Tokens { get; } = tokens;
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
