using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The copy-memory task (Hochreiter and Schmidhuber 1997; in the form of Arjovsky, Shah and Bengio 2016): read 10
/// symbols from an alphabet of 8, then T − 1 blanks, then a delimiter, and write the 10 symbols back after it, T + 20
/// steps in all. The target is blank for the first T + 10 steps and the 10 symbols for the last 10. A memoryless model
/// can do no better than blanks and then a uniform guess: accuracy 1/8 on the recalled symbols and cross-entropy
/// 10·ln 8 / (T + 20) per step. To beat that it must carry 10 symbols across T steps.
/// </summary>
public static class CopyMemory
{
    public const int Symbols = 8, Remember = 10;

    /// <summary>Input symbols: the 8 data symbols 0..7, blank 8, delimiter 9 (one-hot, 10 wide).</summary>
    public const int Blank = Symbols, Delimiter = Symbols + 1, InputSize = Symbols + 2;

    /// <summary>Output classes: the 8 data symbols and blank.</summary>
    public const int Classes = Symbols + 1;

    /// <summary>Accuracy of guessing on the recalled symbols: 1/8.</summary>
    public const double BaselineAccuracy = 1.0 / Symbols;

    /// <summary>The memoryless cross-entropy per step: 10·ln 8 / (T + 20).</summary>
    public static double BaselineLoss(int delay) => Remember * Math.Log(Symbols) / (delay + 2 * Remember);

    /// <summary>
    /// A batch with delay T: one-hot inputs (T + 20, B, 10) time-major, and targets (T + 20)·B, step-major, as the
    /// rows of the inputs.
    /// </summary>
    public static (Tensor Inputs, int[] Targets) Batch(int delay, int batch, Rng rng)
    {
        if (delay < 1) throw new ArgumentException($"The copy-memory task needs a delay T ≥ 1, got {delay}.");
        int steps = delay + 2 * Remember;
        var x = Tensor.Zeros(steps, batch, InputSize);
        var y = new int[steps * batch];
        Array.Fill(y, Blank);
        var xs = x.Span;
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                int symbol = t < Remember ? rng.NextInt(Symbols) : t == delay + Remember - 1 ? Delimiter : Blank;
                xs[(t * batch + b) * InputSize + symbol] = 1;
                if (t < Remember) y[(delay + Remember + t) * batch + b] = symbol;
            }
        }
        return (x, y);
    }
}
