namespace Recurrent.Data;

/// <summary>
/// Source and target sequences, one pair a line as <c>SOURCE&lt;TAB&gt;TARGET</c> (transliteration, spelling
/// normalisation, small translation tasks). With units "chars" a sequence is the field's characters (Unicode scalar
/// values, spaces included); with "tokens" its space-separated tokens. Blank lines are skipped. A line without a tab, with
/// more than one, or with an empty source is a one-line error naming file and line; an empty target is allowed.
/// </summary>
public static class SequencePairs
{
    public static readonly string[] UnitNames = ["chars", "tokens"];

    public static List<(int Line, string[] Source, string[] Target)> Read(string path, string units)
    {
        CheckUnits(units);
        var lines = DataFile.Lines(path);
        var pairs = new List<(int, string[], string[])>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var fields = lines[i].Split('\t');
            if (fields.Length != 2)
                throw DataFile.Error(path, i + 1, fields.Length == 1 ? "no tab: expected SOURCE<TAB>TARGET." : $"{fields.Length - 1} tabs: expected one, SOURCE<TAB>TARGET.");
            var source = Split(fields[0], units);
            if (source.Length == 0) throw DataFile.Error(path, i + 1, "an empty source: there is nothing to read.");
            pairs.Add((i + 1, source, Split(fields[1], units)));
        }
        if (pairs.Count == 0) throw new InvalidDataException($"{path}: no pairs (expected lines SOURCE<TAB>TARGET).");
        return pairs;
    }

    /// <summary>A text as a sequence: its characters, or its space-separated tokens.</summary>
    public static string[] Split(string text, string units) => CheckUnits(units) == "chars"
        ? [.. text.EnumerateRunes().Select(r => r.ToString())]
        : text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A sequence written back: characters joined, tokens with spaces.</summary>
    public static string Join(IEnumerable<string> sequence, string units) => string.Join(CheckUnits(units) == "chars" ? "" : " ", sequence);

    private static string CheckUnits(string units) =>
        UnitNames.Contains(units) ? units : throw new ArgumentException($"--units must be chars or tokens, got '{units}'.");
}
