namespace Recurrent.Text;

/// <summary>
/// The Brown corpus, form C (data/brown): 485 files <c>c&lt;genre&gt;&lt;nn&gt;</c>, one sentence per line as
/// <c>word/tag</c> tokens. Words are lower-cased and the tags dropped for language modelling.
/// Split (documented in docs/ngram.md): every 10th file in name order is held out, the rest is training data.
/// </summary>
public static class BrownCorpus
{
    public static IReadOnlyList<string> Files(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such directory (the Brown corpus).");
        var files = Directory.GetFiles(directory)
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), "^c[a-r][0-9]{2}$"))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"{directory}: no Brown corpus files (c<genre><nn>) found.");
        return files;
    }

    /// <summary>(training, held-out) sentences of lower-cased words: file i is held out when i % 10 == 9.</summary>
    public static (List<string[]> Train, List<string[]> HeldOut) Split(string directory)
    {
        var train = new List<string[]>();
        var heldOut = new List<string[]>();
        var files = Files(directory);
        for (int i = 0; i < files.Count; i++) (i % 10 == 9 ? heldOut : train).AddRange(ReadFile(files[i]));
        return (train, heldOut);
    }

    public static IEnumerable<string[]> ReadFile(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            yield return tokens.Select(t =>
            {
                int slash = t.LastIndexOf('/');
                return (slash > 0 ? t[..slash] : t).ToLowerInvariant();
            }).ToArray();
        }
    }
}
