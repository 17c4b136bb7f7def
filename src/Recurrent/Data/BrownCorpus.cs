using System.Text.RegularExpressions;

namespace Recurrent.Data;

/// <summary>
/// The Brown corpus, form C (data/brown): 500 files <c>c&lt;genre&gt;&lt;nn&gt;</c>, one sentence per line as
/// <c>word/tag</c> tokens (the tag after the last slash: <c>1/2/cd</c> is the word <c>1/2</c>). Split
/// (<see cref="Splits.IsHeldOutFile"/>): every 10th file in name order is held out, the rest is training data.
/// </summary>
public static partial class BrownCorpus
{
    /// <summary>The genres' names by file letter, as NLTK's <c>brown.categories()</c> names them.</summary>
    public static IReadOnlyDictionary<string, string> GenreNames { get; } = new Dictionary<string, string>
    {
        ["a"] = "news", ["b"] = "editorial", ["c"] = "reviews", ["d"] = "religion", ["e"] = "hobbies", ["f"] = "lore",
        ["g"] = "belles_lettres", ["h"] = "government", ["j"] = "learned", ["k"] = "fiction", ["l"] = "mystery",
        ["m"] = "science_fiction", ["n"] = "adventure", ["p"] = "romance", ["r"] = "humor",
    };

    public static IReadOnlyList<string> Files(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such directory (the Brown corpus).");
        var files = Directory.GetFiles(directory)
            .Where(f => FileName().IsMatch(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"{directory}: no Brown corpus files (c<genre><nn>) found.");
        return files;
    }

    /// <summary>(training, held-out) sentences of tagged tokens, split by file.</summary>
    public static (List<TaggedWord[]> Train, List<TaggedWord[]> HeldOut) SplitTagged(string directory)
    {
        var train = new List<TaggedWord[]>();
        var heldOut = new List<TaggedWord[]>();
        var files = Files(directory);
        for (int i = 0; i < files.Count; i++) (Splits.IsHeldOutFile(i) ? heldOut : train).AddRange(ReadTaggedFile(files[i]));
        return (train, heldOut);
    }

    /// <summary>(training, held-out) sentences of lower-cased words, tags dropped: the language models' view.</summary>
    public static (List<string[]> Train, List<string[]> HeldOut) Split(string directory)
    {
        var (train, heldOut) = SplitTagged(directory);
        return (Words(train), Words(heldOut));
    }

    /// <summary>One file's sentences as (word, tag) pairs, tags as in the file; a token without a tag is a one-line error naming file and line.</summary>
    public static IEnumerable<TaggedWord[]> ReadTaggedFile(string path)
    {
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var sentence = new TaggedWord[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
            {
                int slash = tokens[i].LastIndexOf('/');
                if (slash <= 0 || slash == tokens[i].Length - 1)
                    throw new InvalidDataException($"{path}:{lineNumber}: token '{tokens[i]}' is not of the form word/tag.");
                sentence[i] = new TaggedWord(tokens[i][..slash], tokens[i][(slash + 1)..]);
            }
            yield return sentence;
        }
    }

    private static List<string[]> Words(List<TaggedWord[]> sentences) =>
        sentences.Select(s => s.Select(w => w.Word.ToLowerInvariant()).ToArray()).ToList();

    [GeneratedRegex("^c[a-r][0-9]{2}$")]
    private static partial Regex FileName();
}
