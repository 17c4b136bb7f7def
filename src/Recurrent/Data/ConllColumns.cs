namespace Recurrent.Data;

/// <summary>
/// Sentences of a CoNLL-style column file: one token per line, its fields separated by spaces or tabs (runs count
/// as one), or by single tabs when <c>tabs</c> is set (CoNLL-U, whose fields may hold spaces); a blank line ends a
/// sentence. The token and tag columns are 0-based indexes, from the end with <c>^1</c> (the last column, CoNLL-2000
/// and 2003). <c>-DOCSTART-</c> lines (CoNLL-2003 document breaks) are skipped, and so are lines that start with
/// <c>commentPrefix</c> when one is given ("#" for CoNLL-U; not by default, since "# # B-NP" is a token of CoNLL-2000).
/// Every token line must have as many fields as the first, or the read stops with a one-line error naming the line.
/// </summary>
public static class ConllColumns
{
    /// <param name="path">The file.</param>
    /// <param name="token">The token column: 0-based, or from the end (^1 the last).</param>
    /// <param name="tag">The tag column, likewise.</param>
    /// <param name="tabs">Fields are separated by single tabs (CoNLL-U) instead of runs of spaces and tabs.</param>
    /// <param name="commentPrefix">Lines that start with it are skipped ("#" for CoNLL-U); none by default.</param>
    public static IReadOnlyList<TaggedSentence> Read(string path, Index token, Index tag, bool tabs = false, string? commentPrefix = null)
    {
        if (commentPrefix is "") throw new ArgumentException("An empty comment prefix would make every line a comment.");
        var lines = DataFile.Lines(path);
        var sentences = new List<TaggedSentence>();
        var tokens = new List<string>();
        var tags = new List<string>();
        int width = -1, first = 0, widthLine = 0;
        for (int i = 0; i <= lines.Length; i++)
        {
            string line = i < lines.Length ? lines[i] : "";
            if (line.Trim().Length == 0)
            {
                if (tokens.Count > 0) sentences.Add(new TaggedSentence([.. tokens], [.. tags], first));
                tokens.Clear(); tags.Clear();
                continue;
            }
            if (commentPrefix is not null && line.StartsWith(commentPrefix, StringComparison.Ordinal)) continue;
            var fields = tabs ? line.Split('\t') : line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == "-DOCSTART-") continue;
            if (width < 0)
            {
                (width, widthLine) = (fields.Length, i + 1);
                foreach (var (index, name) in new[] { (token, "token"), (tag, "tag") })
                {
                    int offset = index.GetOffset(width);
                    if (offset < 0 || offset >= width)
                        throw new ArgumentException($"{path}:{i + 1}: no {name} column {Show(index)}: the line has {width} field{(width == 1 ? "" : "s")}.");
                }
                if (token.GetOffset(width) == tag.GetOffset(width))
                    throw new InvalidDataException($"{path}: the token and the tag are both column {token.GetOffset(width)}.");
            }
            if (fields.Length != width)
                throw DataFile.Error(path, i + 1, $"{fields.Length} fields, but line {widthLine} has {width}.");
            if (tokens.Count == 0) first = i + 1;
            string t = fields[token.GetOffset(width)], g = fields[tag.GetOffset(width)];
            if (t.Length == 0 || g.Length == 0) throw DataFile.Error(path, i + 1, $"an empty {(t.Length == 0 ? "token" : "tag")} field.");
            tokens.Add(t);
            tags.Add(g);
        }
        if (sentences.Count == 0) throw new InvalidDataException($"{path}: no sentences (no token lines).");
        return sentences;
    }

    private static string Show(Index index) => index.IsFromEnd ? $"^{index.Value}" : index.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
