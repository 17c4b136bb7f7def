namespace Recurrent.Data;

/// <summary>
/// (label, text) examples from a delimited file, one per record: a CSV (RFC 4180 quoting) or, for .tsv and .tab
/// files (and other non-.csv files whose first line holds a tab), tab-separated. A field that starts with '"' is quoted in both (it may hold the delimiter and line breaks,
/// '""' is a quote); a '"' elsewhere in a field is an ordinary character, so raw text with quotes reads as written.
/// The columns are chosen by header name or 0-based index; a header is optional (then by index only). Every record
/// must have as many fields as the first, and neither the label nor the text may be empty (after trimming), or the
/// read stops with a one-line error naming file, line and column. The label is trimmed, the text kept as written.
/// </summary>
public static class LabelledTexts
{
    /// <param name="path">The file.</param>
    /// <param name="label">The label column.</param>
    /// <param name="text">The text column.</param>
    /// <param name="header">Whether the first record names the columns (and is not an example).</param>
    /// <param name="delimiter">',' or '\t' or any other; by default as <see cref="DelimitedReader.DelimiterOf"/> chooses.</param>
    public static IReadOnlyList<LabelledText> Read(string path, ColumnSelector label, ColumnSelector text, bool header = true, char? delimiter = null)
    {
        char d = delimiter ?? DelimitedReader.DelimiterOf(path);
        if (d is '"' or '\n' or '\r') throw new ArgumentException($"'{d}' cannot be a delimiter (it is the quote or a line break).");
        var records = DelimitedReader.Read(path, d);
        DelimitedReader.CheckWidths(path, records, header);
        int l = label.Resolve(path, records[0], header), t = text.Resolve(path, records[0], header);
        if (l == t) throw new InvalidDataException($"{path}: the label and the text are both column {l}.");
        if (header && records.Count == 1) throw DataFile.Error(path, records[0].Line, "a header but no examples.");
        var examples = new List<LabelledText>(records.Count);
        foreach (var r in records.Skip(header ? 1 : 0))
        {
            if (r.Fields[l].Trim().Length == 0) throw DataFile.Error(path, r.Lines[l], r.Columns[l], "empty label.");
            if (r.Fields[t].Trim().Length == 0) throw DataFile.Error(path, r.Lines[t], r.Columns[t], "empty text.");
            examples.Add(new LabelledText(r.Fields[l].Trim(), r.Fields[t], r.Line));
        }
        return examples;
    }
}
