using System.Globalization;
using System.Text;

namespace Recurrent.Text;

/// <summary>
/// The characters (Unicode scalar values) of a text, sorted by code point as char-rnn and nanoGPT sort them; token i is
/// the i-th. Saved in checkpoints as its string of characters.
/// </summary>
public sealed class CharVocabulary : ITokenVocabulary
{
    private readonly Rune[] _runes;
    private readonly Dictionary<Rune, int> _index;

    public CharVocabulary(IEnumerable<Rune> characters)
    {
        _runes = characters.Distinct().OrderBy(r => r.Value).ToArray();
        if (_runes.Length == 0) throw new ArgumentException("A vocabulary needs at least one character.");
        _index = _runes.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
    }

    public static CharVocabulary FromText(string text) => new(text.EnumerateRunes());

    /// <summary>Restores a vocabulary from <see cref="ToString"/>'s output (its characters in order).</summary>
    public static CharVocabulary Parse(string characters) => new(characters.EnumerateRunes());

    public string Unit => "char";

    public int Count => _runes.Length;

    /// <summary>A newline if the text had one (a fresh line), else the first character.</summary>
    public int StartToken => _index.TryGetValue(new Rune('\n'), out int id) ? id : 0;

    public string Serialize() => ToString();

    public bool Contains(Rune r) => _index.ContainsKey(r);

    /// <summary>The id of one character, if it is in the vocabulary.</summary>
    public bool TryGetId(Rune r, out int id) => _index.TryGetValue(r, out id);

    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length);
        int position = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (!_index.TryGetValue(r, out int id))
                throw new ArgumentException($"Character {Describe(r)} at position {position} is not in the model's vocabulary of {Count} characters.");
            ids.Add(id);
            position++;
        }
        return [.. ids];
    }

    public int[] EncodeKnown(string text, out int unseen)
    {
        var ids = new List<int>(text.Length);
        unseen = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (_index.TryGetValue(r, out int id)) ids.Add(id);
            else unseen++;
        }
        return [.. ids];
    }

    public string UnseenPolicy => "skipped";

    public string Decode(ReadOnlySpan<int> ids)
    {
        var sb = new StringBuilder(ids.Length);
        foreach (var id in ids) sb.Append(_runes[id].ToString());
        return sb.ToString();
    }

    public string Decode(int id) => _runes[id].ToString();

    /// <summary>All characters in token order.</summary>
    public override string ToString() => string.Concat(_runes.Select(r => r.ToString()));

    /// <summary>'x' (U+0078), with control characters shown by code only.</summary>
    public static string Describe(Rune r) =>
        (Rune.IsControl(r) ? "" : $"'{r}' ") + $"(U+{r.Value.ToString("X4", CultureInfo.InvariantCulture)})";
}
