using System.Text.Json;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// The symbols of one side of a sequence-to-sequence task (letters, phones, words): ids 0 &lt;pad&gt;, 1 &lt;unk&gt;,
/// 2 &lt;s&gt;, 3 &lt;/s&gt;, then the symbols in ordinal order, so a vocabulary built twice from the same data is the same.
/// Saved in checkpoints as the JSON list of the symbols after the four reserved ones.
/// </summary>
public sealed class Symbols
{
    public const int Padding = 0, Unknown = 1, Start = 2, End = 3, Reserved = 4;
    private static readonly string[] ReservedNames = ["<pad>", "<unk>", "<s>", "</s>"];
    private readonly string[] _symbols;
    private readonly Dictionary<string, int> _ids;

    private Symbols(string side, IEnumerable<string> symbols)
    {
        Side = side;
        _symbols = [.. ReservedNames, .. symbols];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _symbols.Length; i++)
            if (!_ids.TryAdd(_symbols[i], i)) throw new InvalidDataException($"The {side} symbols hold '{_symbols[i]}' twice.");
    }

    /// <summary>"source" or "target", for messages.</summary>
    public string Side { get; }

    public int Count => _symbols.Length;

    public string this[int id] => _symbols[id];

    /// <summary>Every distinct symbol of the sequences, in ordinal order after the reserved ones.</summary>
    public static Symbols From(string side, IEnumerable<IEnumerable<string>> sequences) =>
        new(side, sequences.SelectMany(s => s).Where(s => !ReservedNames.Contains(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public bool Contains(string symbol) => _ids.ContainsKey(symbol);

    /// <summary>The ids of a sequence; an unknown symbol becomes &lt;unk&gt;.</summary>
    public int[] Encode(IReadOnlyList<string> sequence) => [.. sequence.Select(s => _ids.TryGetValue(s, out int id) ? id : Unknown)];

    /// <summary>The symbols of ids, stopping at &lt;/s&gt;, leaving out the other reserved ids.</summary>
    public string[] Decode(IEnumerable<int> ids) => [.. ids.TakeWhile(id => id != End).Where(id => id >= Reserved).Select(id => _symbols[id])];

    public string Serialize() => JsonSerializer.Serialize(_symbols[Reserved..]);

    public static Symbols Parse(string side, string json, string path)
    {
        try { return new Symbols(side, JsonSerializer.Deserialize<string[]>(json) ?? throw new JsonException("null")); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: unreadable {side} symbols ({e.Message})."); }
    }
}
