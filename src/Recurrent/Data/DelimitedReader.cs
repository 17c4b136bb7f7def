using System.Text;
using Recurrent.Text;

namespace Recurrent.Data;

/// <summary>One record of a delimited file: its fields and where each starts (1-based line and column).</summary>
internal sealed record DelimitedRecord(string[] Fields, int[] Lines, int[] Columns)
{
    public int Line => Lines[0];
}

/// <summary>
/// Records of a CSV (RFC 4180) or TSV file. A field that starts with '"' is quoted: it runs to the next lone '"',
/// may hold the delimiter and line breaks, and writes '"' as '""'; after the closing quote only the delimiter or the
/// end of the line may follow. A '"' inside an unquoted field is an ordinary character (as Python's csv and pandas
/// read it), so a TSV of raw text with quotes in it reads as written. Empty lines are skipped (pandas'
/// skip_blank_lines); a file of nothing else is an error. Line breaks are "\n" or "\r\n".
/// </summary>
internal static class DelimitedReader
{
    public static List<DelimitedRecord> Read(string path, char delimiter)
    {
        string text = TextFile.Read(path);
        var records = new List<DelimitedRecord>();
        int pos = 0, line = 1, lineStart = 0;
        var fields = new List<string>();
        var lines = new List<int>();
        var columns = new List<int>();
        var quoted = new StringBuilder();
        while (pos < text.Length)
        {
            if (AtLineBreak(text, pos, out int blank)) { pos += blank; line++; lineStart = pos; continue; }
            fields.Clear(); lines.Clear(); columns.Clear();
            while (true)
            {
                int column = pos - lineStart + 1;
                lines.Add(line);
                columns.Add(column);
                if (pos < text.Length && text[pos] == '"')
                {
                    quoted.Clear();
                    pos++;
                    while (true)
                    {
                        if (pos >= text.Length)
                            throw DataFile.Error(path, lines[^1], column, "a quoted field is not closed (no matching '\"').");
                        char c = text[pos];
                        if (c == '"' && pos + 1 < text.Length && text[pos + 1] == '"') { quoted.Append('"'); pos += 2; continue; }
                        if (c == '"') { pos++; break; }
                        if (c == '\n') { line++; lineStart = pos + 1; }
                        quoted.Append(c);
                        pos++;
                    }
                    if (pos < text.Length && text[pos] != delimiter && !AtLineBreak(text, pos, out _))
                        throw DataFile.Error(path, line, pos - lineStart + 1,
                            $"expected {Name(delimiter)} or the end of the line after a closing quote, found '{text[pos]}'.");
                    fields.Add(quoted.ToString());
                }
                else
                {
                    int start = pos;
                    while (pos < text.Length && text[pos] != delimiter && !AtLineBreak(text, pos, out _)) pos++;
                    fields.Add(text[start..pos]);
                }
                if (pos < text.Length && text[pos] == delimiter) { pos++; continue; }
                if (pos < text.Length && AtLineBreak(text, pos, out int length)) { pos += length; line++; lineStart = pos; }
                break;
            }
            records.Add(new DelimitedRecord([.. fields], [.. lines], [.. columns]));
        }
        if (records.Count == 0) throw new InvalidDataException($"{path}: only empty lines, no records.");
        return records;
    }

    /// <summary>
    /// The delimiter by extension: tab for .tsv and .tab, comma for .csv; any other file is tab-separated when its first
    /// line holds a tab, else comma-separated (a .txt of "label TAB text" lines reads as people mean it).
    /// </summary>
    public static char DelimiterOf(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".tsv" or ".tab": return '\t';
            case ".csv": return ',';
        }
        if (!File.Exists(path)) return ',';
        using var reader = new StreamReader(path);
        return reader.ReadLine()?.Contains('\t') == true ? '\t' : ',';
    }

    public static string Name(char delimiter) => delimiter switch { '\t' => "a tab", ',' => "','", _ => $"'{delimiter}'" };

    /// <summary>
    /// Every record has as many fields as the first (the header when there is one); a record that has not is a
    /// one-line error, not a silent shift of columns.
    /// </summary>
    public static void CheckWidths(string path, IReadOnlyList<DelimitedRecord> records, bool header)
    {
        if (records.Count == 0) return;
        int width = records[0].Fields.Length;
        for (int r = 1; r < records.Count; r++)
            if (records[r].Fields.Length != width)
                throw DataFile.Error(path, records[r].Line,
                    $"{records[r].Fields.Length} fields, but {(header ? "the header" : "the first row")} has {width}.");
    }

    private static bool AtLineBreak(string text, int pos, out int length)
    {
        length = text[pos] == '\n' ? 1 : text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 0;
        return length > 0;
    }
}
