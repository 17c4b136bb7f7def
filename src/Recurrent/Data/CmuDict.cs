namespace Recurrent.Data;

/// <summary>
/// The CMU Pronouncing Dictionary (cmudict/dict.txt, BSD-2-Clause): one pronunciation a line, <c>WORD  PH1 PH2 ...</c>,
/// the word and the phones separated by spaces or tabs. Rules, each refused with a one-line error naming file, line
/// and column when broken:
/// <list type="bullet">
/// <item>Lines that start with ";;;" are comments; blank lines are skipped; a field after the word that starts with
/// '#' begins a comment to the end of the line (the form of the newer cmudict releases).</item>
/// <item>A word ending in "(n)", n a positive integer, is variant n of the word before it; "(" ... ")" around anything
/// else at the end of a word is an error. A word may otherwise hold any characters ("(BEGIN-PARENS", "D'ARTAGNAN").</item>
/// <item>A phone is letters with at most one stress digit after them (AH0, EY1, B); every variant is kept, in
/// file order; a word may not repeat a variant number.</item>
/// </list>
/// Words and phones are kept in the case they are written in.
/// </summary>
public sealed class CmuDict
{
    private readonly Dictionary<string, List<CmuEntry>> _byWord;

    private CmuDict(List<CmuEntry> entries, Dictionary<string, List<CmuEntry>> byWord) => (Entries, _byWord) = (entries, byWord);

    /// <summary>Every pronunciation in file order.</summary>
    public IReadOnlyList<CmuEntry> Entries { get; }

    /// <summary>The number of distinct words.</summary>
    public int WordCount => _byWord.Count;

    /// <summary>The pronunciations of <paramref name="word"/> (exact case), by variant number; empty when it is not in the dictionary.</summary>
    public IReadOnlyList<CmuEntry> Pronunciations(string word) =>
        _byWord.TryGetValue(word, out var list) ? list.OrderBy(e => e.Variant).ToList() : [];

    /// <summary>Reads the whole dictionary; the first line that breaks a rule above is a one-line error.</summary>
    public static CmuDict Read(string path)
    {
        var lines = DataFile.Lines(path);
        var entries = new List<CmuEntry>();
        var byWord = new Dictionary<string, List<CmuEntry>>(StringComparer.Ordinal);
        // One string per distinct phone (about 70), looked up by span: 131k entries hold some 800k phones.
        var symbols = new Dictionary<string, string>(StringComparer.Ordinal);
        var symbolOf = symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        var fields = new List<Range>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith(";;;", StringComparison.Ordinal) || line.Trim().Length == 0) continue;
            Fields(line, fields);
            int number = i + 1;
            if (fields[0].Start.Value > 0) throw DataFile.Error(path, number, 1, "a line starts with a space: expected the word first.");
            string headword = line[fields[0]];
            var (word, variant) = Headword(path, number, headword);
            var phones = new List<string>(fields.Count - 1);
            for (int f = 1; f < fields.Count; f++)
            {
                var text = line.AsSpan()[fields[f]];
                if (text[0] == '#') break;
                if (!IsPhone(text))
                    throw DataFile.Error(path, number, fields[f].Start.Value + 1, $"'{text}' is not a phone (letters, then at most one stress digit).");
                if (!symbolOf.TryGetValue(text, out var phone)) symbols[phone = text.ToString()] = phone;
                phones.Add(phone);
            }
            if (phones.Count == 0) throw DataFile.Error(path, number, $"\"{headword}\" has no phones.");
            if (!byWord.TryGetValue(word, out var variants)) byWord[word] = variants = [];
            foreach (var earlier in variants)
                if (earlier.Variant == variant) throw DataFile.Error(path, number, $"\"{headword}\" again (first on line {earlier.Line}).");
            var entry = new CmuEntry(word, variant, phones, number);
            variants.Add(entry);
            entries.Add(entry);
        }
        if (entries.Count == 0) throw new InvalidDataException($"{path}: no pronunciations (only comments and blank lines).");
        return new CmuDict(entries, byWord);
    }

    private static (string Word, int Variant) Headword(string path, int line, string field)
    {
        int open = field.LastIndexOf('(');
        if (!field.EndsWith(')') || open <= 0) return (field, 0);
        string inside = field[(open + 1)..^1];
        if (inside.Length > 0 && inside.Length <= 6 && inside.All(char.IsAsciiDigit) && inside[0] != '0')
            return (field[..open], int.Parse(inside, System.Globalization.CultureInfo.InvariantCulture));
        throw DataFile.Error(path, line, open + 1, $"'{field[open..]}' is not a variant marker: expected (n), n = 1, 2, ...");
    }

    private static bool IsPhone(ReadOnlySpan<char> s)
    {
        int letters = 0;
        while (letters < s.Length && char.IsAsciiLetter(s[letters])) letters++;
        return letters > 0 && (letters == s.Length || (letters == s.Length - 1 && char.IsAsciiDigit(s[^1])));
    }

    /// <summary>The fields of a line, separated by runs of spaces and tabs, as ranges of it.</summary>
    private static void Fields(string line, List<Range> fields)
    {
        fields.Clear();
        for (int i = 0; i < line.Length;)
        {
            if (line[i] is ' ' or '\t') { i++; continue; }
            int start = i;
            while (i < line.Length && line[i] is not (' ' or '\t')) i++;
            fields.Add(start..i);
        }
    }
}
