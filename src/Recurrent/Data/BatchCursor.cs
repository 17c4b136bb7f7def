using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// Where a batcher stands: <see cref="Position"/> batches of epoch <see cref="Epoch"/> have been handed out. A
/// checkpoint stores it (as <see cref="ToString"/>, "EPOCH:POSITION"); a batcher built again from the same data and
/// the same seed and given this cursor hands out exactly the batches the interrupted one would have.
/// </summary>
public readonly record struct BatchCursor(int Epoch, int Position)
{
    /// <summary>The start of the first epoch.</summary>
    public static BatchCursor Start => new(0, 0);

    /// <summary>"EPOCH:POSITION", the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => $"{Epoch}:{Position}";

    /// <summary>Reads "EPOCH:POSITION" (two non-negative integers); anything else is a one-line error.</summary>
    public static BatchCursor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int epoch)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int position))
            return new BatchCursor(epoch, position);
        throw new ArgumentException($"'{text}' is not a batch cursor (expected EPOCH:POSITION, two non-negative integers).");
    }
}
