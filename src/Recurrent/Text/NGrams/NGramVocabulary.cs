namespace Recurrent.Text.NGrams;

/// <summary>
/// Token strings ↔ ids for the count-based (n-gram) models. Ids 0, 1, 2 are the specials: <c>&lt;s&gt;</c> (sequence start, never
/// predicted), <c>&lt;/s&gt;</c> (sentence end, predicted in word mode), <c>&lt;unk&gt;</c> (every out-of-vocabulary token).
/// </summary>
public sealed class NGramVocabulary
{
    public const int Start = 0, End = 1, Unknown = 2;
    public const string StartToken = "<s>", EndToken = "</s>", UnknownToken = "<unk>";

    private readonly List<string> _tokens;
    private readonly Dictionary<string, int> _ids;

    public NGramVocabulary(IEnumerable<string> tokens)
    {
        _tokens = [StartToken, EndToken, UnknownToken];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal) { [StartToken] = 0, [EndToken] = 1, [UnknownToken] = 2 };
        foreach (var t in tokens)
            if (_ids.TryAdd(t, _tokens.Count)) _tokens.Add(t);
    }

    /// <summary>Types seen at least <paramref name="minCount"/> times, in order of first appearance.</summary>
    public static NGramVocabulary FromSequences(IEnumerable<IReadOnlyList<string>> sequences, int minCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var s in sequences)
            foreach (var t in s)
            {
                if (!counts.TryGetValue(t, out int c)) order.Add(t);
                counts[t] = c + 1;
            }
        return new NGramVocabulary(order.Where(t => counts[t] >= minCount));
    }

    public int Count => _tokens.Count;
    public string this[int id] => _tokens[id];
    public IReadOnlyList<string> Tokens => _tokens;

    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : Unknown;
    public bool Contains(string token) => _ids.ContainsKey(token);
}
