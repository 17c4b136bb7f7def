namespace Recurrent.Models.Tagging;

/// <summary>What the baselines see of a word they have never met: its ending and whether it is capitalised.</summary>
public static class WordShape
{
    /// <summary>Starts with an upper-case letter (proper nouns, sentence starts, titles).</summary>
    public static bool IsCapitalised(string word) => word.Length > 0 && char.IsUpper(word[0]);

    /// <summary>The last <paramref name="length"/> characters, lower-cased (the whole word if shorter).</summary>
    public static string Suffix(string word, int length) => (word.Length <= length ? word : word[^length..]).ToLowerInvariant();
}
