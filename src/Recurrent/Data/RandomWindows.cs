using Recurrent.Tensors;

namespace Recurrent.Data;

/// <summary>nanoGPT's scheme: B independent windows at uniformly random offsets, each from a zero state.</summary>
public sealed class RandomWindows : LanguageModelWindows
{
    private readonly Rng _rng;

    public RandomWindows(TokenIds tokens, int steps, int batch, Rng rng) : base(tokens, steps, batch)
    {
        if (tokens.Length < steps + 1)
            throw new ArgumentException($"The training text ({tokens.Length} tokens) is shorter than one window of {steps} + 1 tokens.");
        _rng = rng;
    }

    /// <summary>Always 0: where the next window starts is the generator's state, which the trainer saves.</summary>
    public override long Cursor { get => 0; set { } }

    public override bool Next()
    {
        for (int b = 0; b < Batch; b++) Fill(b, _rng.NextInt(Tokens.Length - Steps));
        return true;
    }
}
