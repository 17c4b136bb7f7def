namespace Recurrent.Models.Generation;

/// <summary>One labelled document as the conditional model reads it: its class, its character ids, where its words start.</summary>
public sealed record GenerationDocument(int Class, int[] Tokens, int[] WordStarts, string Source)
{
    /// <summary>
    /// The document cut into pieces of at most <paramref name="length"/> characters that start at word starts (a piece
    /// ends before the last word start that fits; a word longer than a piece is cut): every character in exactly one piece.
    /// </summary>
    public IEnumerable<(int Start, int Length)> Pieces(int length)
    {
        int start = 0, w = 0;
        while (start < Tokens.Length)
        {
            int limit = start + length, end = Math.Min(limit, Tokens.Length);
            if (end < Tokens.Length)
            {
                while (w < WordStarts.Length && WordStarts[w] <= limit) w++;
                // WordStarts[w − 1] is the last word start ≤ limit; cut there unless it is this piece's own start.
                if (w > 0 && WordStarts[w - 1] > start) end = WordStarts[w - 1];
            }
            yield return (start, end - start);
            start = end;
        }
    }

    /// <summary>
    /// Column <paramref name="column"/> of a (T, B) window: the inputs are <paramref name="startToken"/> and then the
    /// piece's tokens, the targets the piece's tokens (input t predicts target t); past the piece's end the inputs are the
    /// start token and the targets <paramref name="ignore"/>: nothing is scored there, and a one-way model's earlier steps
    /// cannot see it.
    /// </summary>
    public void FillWindow(int start, int length, int steps, int column, int batch, int startToken, int ignore, Span<int> inputs, Span<int> targets)
    {
        for (int t = 0; t < steps; t++)
        {
            inputs[t * batch + column] = t == 0 ? startToken : t - 1 < length ? Tokens[start + t - 1] : startToken;
            targets[t * batch + column] = t < length ? Tokens[start + t] : ignore;
        }
    }
}
