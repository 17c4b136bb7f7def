using System.Security.Cryptography;
using System.Text;
using Recurrent.Text;

namespace Recurrent.Training;

/// <summary>
/// The token streams a language model trains and validates on, their vocabulary, and a hash that ties a checkpoint
/// to its data (a resume on other data is refused).
/// </summary>
public sealed record TrainingData(ITokenVocabulary Vocabulary, int[] Train, int[] Validation, string Hash, string Description)
{
    /// <summary>
    /// Characters of a text: the vocabulary is every character of the whole text (as char-rnn), the last
    /// <paramref name="validationFraction"/> of the characters is held out. An existing vocabulary (a resume) is reused.
    /// </summary>
    public static TrainingData FromCharacters(string text, double validationFraction, ITokenVocabulary? vocabulary = null)
    {
        var v = vocabulary ?? CharVocabulary.FromText(text);
        var tokens = v.Encode(text);
        int split = (int)(tokens.Length * (1 - validationFraction));
        return Make(v, tokens[..split], tokens[split..], text, $"{tokens.Length:N0} characters, last {validationFraction:P0} held out");
    }

    /// <summary>
    /// Words of sentences: the vocabulary is every training word seen ≥ <paramref name="minCount"/> times plus
    /// &lt;unk&gt; and &lt;/s&gt; (the word n-gram models' events); each split is one stream &lt;/s&gt; w… &lt;/s&gt; w… &lt;/s&gt;.
    /// </summary>
    public static TrainingData FromWords(IReadOnlyList<IReadOnlyList<string>> train, IReadOnlyList<IReadOnlyList<string>> validation,
        int minCount, string description, ITokenVocabulary? vocabulary = null)
    {
        var v = vocabulary as WordVocabulary ?? (vocabulary is null ? WordVocabulary.FromSentences(train, minCount)
            : throw new ArgumentException($"A word model cannot resume with a {vocabulary.Unit} vocabulary."));
        string fingerprint = string.Join("\n", train.Select(s => string.Join(" ", s))) + "\n\u0001\n" + string.Join("\n", validation.Select(s => string.Join(" ", s)));
        return Make(v, v.Encode(train), v.Encode(validation), fingerprint, description);
    }

    private static TrainingData Make(ITokenVocabulary v, int[] train, int[] validation, string source, string description)
    {
        if (validation.Length < 2) throw new ArgumentException($"The data leaves no validation text ({validation.Length} tokens); it needs at least a few hundred.");
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
        return new TrainingData(v, train, validation, hash, description);
    }
}
