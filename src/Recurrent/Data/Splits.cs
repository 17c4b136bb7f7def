using System.Text;

namespace Recurrent.Data;

/// <summary>
/// The held-out rules, written once. A text (or a token stream) keeps its first ⌊n·(1 − f)⌋ units for training and holds
/// out the rest, as char-rnn and nanoGPT hold out the last 10%; a text is cut on Unicode scalar values, never inside a
/// surrogate pair. A corpus of files (Brown) holds out every 10th file in name order.
/// </summary>
public static class Splits
{
    /// <summary>The fraction held out when nothing else is asked for: char-rnn's and nanoGPT's last 10%.</summary>
    public const double DefaultHeldOutFraction = 0.1;

    /// <summary>How many of <paramref name="count"/> units are for training: ⌊count·(1 − f)⌋.</summary>
    public static int TrainingCount(int count, double heldOutFraction)
    {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new ArgumentException($"The held-out fraction must be in (0, 1), got {heldOutFraction}.");
        return (int)(count * (1 - heldOutFraction));
    }

    /// <summary>A text's training part and held-out tail, cut by <see cref="TrainingCount"/> on Unicode scalar values.</summary>
    public static (string Train, string HeldOut) Text(string text, double heldOutFraction)
    {
        int runes = 0;
        foreach (var _ in text.EnumerateRunes()) runes++;
        int keep = TrainingCount(runes, heldOutFraction), index = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (keep-- == 0) break;
            index += r.Utf16SequenceLength;
        }
        return (text[..index], text[index..]);
    }

    /// <summary>Whether file <paramref name="index"/> (in name order) of a corpus is held out: every 10th, as for Brown.</summary>
    public static bool IsHeldOutFile(int index) => index % 10 == 9;
}
