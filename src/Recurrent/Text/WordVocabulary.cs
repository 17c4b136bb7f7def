using Recurrent.Text.NGrams;
using System.Text.Json;

namespace Recurrent.Text;

/// <summary>
/// Words for a word-level recurrent language model, with the same events as the word n-gram models
/// (<see cref="NGrams.NGramModel"/>): every training word seen at least min-count times, &lt;unk&gt; for the rest,
/// and &lt;/s&gt; ending each sentence. A text becomes one stream <c>&lt;/s&gt; w… &lt;/s&gt; w… &lt;/s&gt;</c>: the
/// leading &lt;/s&gt; lets the first word be predicted, and each sentence's end is predicted, as in the n-gram models.
/// </summary>
public sealed class WordVocabulary : ITokenVocabulary
{
    public const int End = 0, Unknown = 1;
    private readonly string[] _words;
    private readonly Dictionary<string, int> _ids;

    private WordVocabulary(IEnumerable<string> words)
    {
        _words = [NGramVocabulary.EndToken, NGramVocabulary.UnknownToken, .. words.Where(w => w is not NGramVocabulary.EndToken and not NGramVocabulary.UnknownToken)];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _words.Length; i++) _ids.TryAdd(_words[i], i);
    }

    /// <summary>Words seen at least <paramref name="minCount"/> times, in order of first appearance: the n-gram models' vocabulary.</summary>
    public static WordVocabulary FromSentences(IEnumerable<IReadOnlyList<string>> sentences, int minCount)
    {
        if (minCount < 1) throw new ArgumentException($"--min-count must be at least 1, got {minCount}.");
        return new WordVocabulary(NGramVocabulary.FromSequences(sentences, minCount).Tokens.Skip(3));   // without <s>, </s>, <unk>
    }

    public static WordVocabulary Parse(string serialized) =>
        new(JsonSerializer.Deserialize<string[]>(serialized) ?? throw new InvalidDataException("Empty word vocabulary."));

    public string Unit => "word";
    public int Count => _words.Length;
    public int StartToken => End;
    public string Serialize() => JsonSerializer.Serialize(_words[2..]);

    public int IdOf(string word) => _ids.TryGetValue(word, out int id) ? id : Unknown;

    /// <summary>The stream &lt;/s&gt; w… &lt;/s&gt; w… &lt;/s&gt; of some sentences (unknown words → &lt;unk&gt;).</summary>
    public int[] Encode(IEnumerable<IReadOnlyList<string>> sentences)
    {
        var ids = new List<int> { End };
        foreach (var s in sentences)
        {
            foreach (var w in s) ids.Add(IdOf(w));
            ids.Add(End);
        }
        return [.. ids];
    }

    /// <summary>Words of a text (<see cref="WordTokenizer"/>); a trailing unfinished sentence gets no &lt;/s&gt;, so a prompt can be continued.</summary>
    public int[] Encode(string text)
    {
        var sentences = WordTokenizer.Sentences(text);
        var ids = Encode(sentences).ToList();
        string trimmed = text.TrimEnd();
        bool finished = trimmed.Length > 0 && (trimmed[^1] is '.' or '!' or '?' || text.EndsWith("\n\n", StringComparison.Ordinal));
        if (!finished && ids.Count > 1) ids.RemoveAt(ids.Count - 1);
        return [.. ids];   // with the leading </s>: a prompt starts a sentence
    }

    public int[] EncodeKnown(string text, out int unseen)
    {
        var ids = Encode(text);
        unseen = CountUnknown(WordTokenizer.Sentences(text));
        return ids;
    }

    /// <summary>How many words of <paramref name="sentences"/> are not in the vocabulary (each is read and scored as &lt;unk&gt;).</summary>
    public int CountUnknown(IEnumerable<IReadOnlyList<string>> sentences) => sentences.Sum(s => s.Count(w => !_ids.ContainsKey(w)));

    public string UnseenPolicy => "scored as <unk>";

    public string Decode(int id) => id == End ? "\n" : _words[id] + " ";
}
