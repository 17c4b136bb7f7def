using System.Text.Json;
using Recurrent.Text;

namespace Recurrent.Models.Classification;

/// <summary>
/// The tokens a classifier embeds: id 0 is &lt;pad&gt; (past each sequence's end), id 1 &lt;unk&gt; (a token the training
/// data had fewer than min-count times, or never), then the training tokens by count, most frequent first (ties in
/// ordinal order), at most max-size of them. Words are <see cref="WordTokenizer"/>'s lower-cased words and punctuation;
/// characters are Unicode scalar values as written (case kept).
/// </summary>
public sealed class TokenVocabulary
{
    public const int Padding = 0, Unknown = 1;
    public const string PaddingToken = "<pad>", UnknownToken = "<unk>";
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private TokenVocabulary(string unit, IEnumerable<string> tokens)
    {
        Unit = unit is "char" or "word" ? unit : throw new ArgumentException($"Unknown --unit '{unit}': expected char or word.");
        _tokens = [PaddingToken, UnknownToken, .. tokens];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 2; i < _tokens.Length; i++)
            if (!_ids.TryAdd(_tokens[i], i)) throw new InvalidDataException($"The vocabulary lists '{_tokens[i]}' twice.");
    }

    /// <summary>"char" or "word".</summary>
    public string Unit { get; }

    /// <summary>Ids in use, with &lt;pad&gt; and &lt;unk&gt;.</summary>
    public int Count => _tokens.Length;

    public string this[int id] => _tokens[id];

    /// <summary>The vocabulary of some training texts.</summary>
    public static TokenVocabulary Build(string unit, IEnumerable<string> texts, int minCount, int maxSize) =>
        FromTokens(unit, texts.SelectMany(text => Tokenize(unit, text)), minCount, maxSize);

    /// <summary>The vocabulary of tokens already cut (a tagger's words, a word's characters).</summary>
    public static TokenVocabulary FromTokens(string unit, IEnumerable<string> tokens, int minCount, int maxSize)
    {
        if (minCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {minCount}.");
        if (maxSize < 1) throw new ArgumentException($"--max-vocab must be at least 1, got {maxSize}.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in tokens) counts[token] = counts.GetValueOrDefault(token) + 1;
        var kept = counts.Where(c => c.Value >= minCount).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(maxSize).Select(c => c.Key);
        return new TokenVocabulary(unit, kept);
    }

    /// <summary>The tokens of a text: words (lower-cased, punctuation split off) or characters.</summary>
    public static IEnumerable<string> Tokenize(string unit, string text) => unit switch
    {
        "word" => WordTokenizer.Sentences(text).SelectMany(s => s),
        "char" => text.EnumerateRunes().Select(r => r.ToString()),
        _ => throw new ArgumentException($"Unknown --unit '{unit}': expected char or word."),
    };

    /// <summary>A text's ids, unseen tokens as &lt;unk&gt;, at most <paramref name="maxLength"/> of them (the first ones).</summary>
    public int[] Encode(string text, int maxLength = int.MaxValue) =>
        Tokenize(Unit, text).Take(maxLength).Select(t => _ids.TryGetValue(t, out int id) ? id : Unknown).ToArray();

    /// <summary>One token's id, &lt;unk&gt; if it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : Unknown;

    /// <summary>The token list after &lt;pad&gt; and &lt;unk&gt;, as JSON (the checkpoint's <c>vocabulary</c>).</summary>
    public string Serialize() => JsonSerializer.Serialize(_tokens[2..]);

    public static TokenVocabulary Parse(string unit, string serialized) =>
        new(unit, JsonSerializer.Deserialize<string[]>(serialized) ?? throw new InvalidDataException("Empty vocabulary."));
}
