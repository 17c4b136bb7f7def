using System.Security.Cryptography;
using System.Text;
using Recurrent.Data;
using Recurrent.Text;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// The token streams a language model trains and validates on, their vocabulary, and a hash that ties a checkpoint
/// to its data (a resume on other data is refused).
/// </summary>
public sealed record LanguageModelData(ITokenVocabulary Vocabulary, TokenIds Train, TokenIds Validation, string Hash, string Description)
{
    /// <summary>
    /// The training data of a corpus at character or word level (<paramref name="unit"/>); an existing vocabulary (a
    /// resume) is reused, else characters come from the whole text (as char-rnn) and words from the training part.
    /// </summary>
    public static LanguageModelData Load(TextCorpus corpus, string unit, int minCount, double heldOutFraction, ITokenVocabulary? vocabulary = null)
    {
        if (unit is not ("char" or "word")) throw new ArgumentException($"--unit must be 'char' or 'word', got '{unit}'.");
        if (vocabulary is not null && vocabulary.Unit != unit) throw new ArgumentException($"A {vocabulary.Unit} model cannot resume at --unit {unit}.");
        if (unit == "char")
            return corpus.IsBrown ? throw new ArgumentException("The Brown corpus is read as words: give --unit word.") : FromCharacterFile(corpus.Path, heldOutFraction, vocabulary);
        var (train, heldOut) = corpus.SplitSentences(heldOutFraction);
        string description = corpus.IsBrown
            ? $"Brown corpus: {train.Count:N0} training sentences, {heldOut.Count:N0} held out (every 10th file)"
            : $"{corpus.Path}: words, last {heldOutFraction:P0} of the characters held out";
        return FromWords(train, heldOut, minCount, description, vocabulary);
    }

    /// <summary>
    /// Characters of a text: the vocabulary is every character of the whole text (as char-rnn), the last
    /// <paramref name="heldOutFraction"/> of the characters is held out. An existing vocabulary (a resume) is reused.
    /// </summary>
    public static LanguageModelData FromCharacters(string text, double heldOutFraction, ITokenVocabulary? vocabulary = null)
    {
        var v = vocabulary ?? CharVocabulary.FromText(text);
        var (train, heldOut) = Splits.Text(text, heldOutFraction);
        var (trainIds, heldOutIds) = (v.Encode(train), v.Encode(heldOut));
        return Make(v, trainIds, heldOutIds, text, $"{trainIds.Length + heldOutIds.Length:N0} characters, last {heldOutFraction:P0} held out");
    }

    /// <summary>
    /// <see cref="FromCharacters"/> for a file, streamed: two passes over the file (the characters and their count,
    /// then the ids), so memory holds the ids at 1 byte a character (2 above 256 distinct characters), never the text.
    /// Same vocabulary, split, ids and hash as <see cref="FromCharacters"/> of the file's text.
    /// </summary>
    public static LanguageModelData FromCharacterFile(string path, double heldOutFraction, ITokenVocabulary? vocabulary = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var seen = new HashSet<Rune>();
        long runes = 0;
        TextFile.ReadRunes(path, r => { runes++; if (vocabulary is null) seen.Add(r); }, hash);
        if (runes > int.MaxValue) throw new InvalidDataException($"{path}: {runes:N0} characters, more than {int.MaxValue:N0}.");
        var v = vocabulary as CharVocabulary ?? (vocabulary is null ? new CharVocabulary(seen)
            : throw new ArgumentException($"A character model cannot resume with a {vocabulary.Unit} vocabulary."));
        int keep = Splits.TrainingCount((int)runes, heldOutFraction);
        var train = new TokenIds.Builder(keep, v.Count);
        var heldOut = new TokenIds.Builder((int)runes - keep, v.Count);
        TextFile.ReadRunes(path, r =>
        {
            var part = train.Count < keep ? train : heldOut;
            if (!v.TryGetId(r, out int id))
                throw new ArgumentException($"Character {CharVocabulary.Describe(r)} at position {part.Count} is not in the model's vocabulary of {v.Count} characters.");
            part.Add(id);
        });
        var validation = heldOut.Build();
        if (validation.Length < 2) throw new ArgumentException($"The data leaves no validation text ({validation.Length} tokens); it needs at least a few hundred.");
        return new LanguageModelData(v, train.Build(), validation, Convert.ToHexString(hash.GetHashAndReset())[..16],
            $"{runes:N0} characters, last {heldOutFraction:P0} held out");
    }

    /// <summary>
    /// Words of sentences: the vocabulary is every training word seen ≥ <paramref name="minCount"/> times plus
    /// &lt;unk&gt; and &lt;/s&gt; (the word n-gram models' events); each split is one stream &lt;/s&gt; w… &lt;/s&gt; w… &lt;/s&gt;.
    /// </summary>
    public static LanguageModelData FromWords(IReadOnlyList<IReadOnlyList<string>> train, IReadOnlyList<IReadOnlyList<string>> validation,
        int minCount, string description, ITokenVocabulary? vocabulary = null)
    {
        var v = vocabulary as WordVocabulary ?? (vocabulary is null ? WordVocabulary.FromSentences(train, minCount)
            : throw new ArgumentException($"A word model cannot resume with a {vocabulary.Unit} vocabulary."));
        string fingerprint = string.Join("\n", train.Select(s => string.Join(" ", s))) + "\n\u0001\n" + string.Join("\n", validation.Select(s => string.Join(" ", s)));
        return Make(v, v.Encode(train), v.Encode(validation), fingerprint, description);
    }

    private static LanguageModelData Make(ITokenVocabulary v, int[] train, int[] validation, string source, string description)
    {
        if (validation.Length < 2) throw new ArgumentException($"The data leaves no validation text ({validation.Length} tokens); it needs at least a few hundred.");
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16];
        return new LanguageModelData(v, TokenIds.Compact(train, v.Count), TokenIds.Compact(validation, v.Count), hash, description);
    }
}
