using System.Text;

namespace Recurrent.Tests.Classification;

/// <summary>Small data sets any machine can make: keyword-labelled texts and sign-labelled numeric sequences.</summary>
internal static class ClassificationFixtures
{
    private static readonly string[] Filler = ["the", "a", "of", "and", "to", "in", "it", "was", "on", "for", "with", "as"];
    private static readonly Dictionary<string, string[]> Cues = new()
    {
        ["sport"] = ["goal", "match", "team", "score"],
        ["food"] = ["bread", "soup", "salt", "cook"],
        ["weather"] = ["rain", "wind", "cloud", "storm"],
    };

    /// <summary>label TAB text lines: each text is filler words with one or two of its class's cue words among them.</summary>
    public static string Tsv(int perClass, int seed, bool header = false)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(header ? "label\ttext\n" : "");
        for (int i = 0; i < perClass; i++)
            foreach (var (label, cues) in Cues)
            {
                var words = Enumerable.Range(0, rng.Next(4, 12)).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
                for (int k = 0; k < 1 + rng.Next(2); k++) words.Insert(rng.Next(words.Count + 1), cues[rng.Next(cues.Length)]);
                sb.Append($"{label}\t{string.Join(' ', words)}\n");
            }
        return sb.ToString();
    }

    /// <summary>JSON Lines of 2-feature sequences: "up" when feature 0 rises over the sequence, "down" when it falls.</summary>
    public static string Jsonl(int perClass, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < perClass; i++)
            foreach (var (label, slope) in new[] { ("up", 1.0), ("down", -1.0) })
            {
                int T = rng.Next(3, 9);
                var steps = Enumerable.Range(0, T).Select(t => $"[{slope * t / T + 0.1 * rng.NextDouble():F3}, {rng.NextDouble():F3}]");
                sb.Append($"{{\"label\": \"{label}\", \"x\": [{string.Join(", ", steps)}]}}\n");
            }
        return sb.ToString();
    }
}
