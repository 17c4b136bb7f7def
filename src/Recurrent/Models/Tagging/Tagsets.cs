namespace Recurrent.Models.Tagging;

/// <summary>Maps a tag as written in a Brown file to a <see cref="Tagset"/>; parses tagset names.</summary>
public static class Tagsets
{
    public static Tagset Parse(string name) => name switch
    {
        "brown" => Tagset.Brown,
        "simplified" => Tagset.Simplified,
        "universal" => Tagset.Universal,
        _ => throw new ArgumentException($"--tagset must be brown, simplified or universal, got '{name}'."),
    };

    public static string Name(Tagset tagset) => tagset.ToString().ToLowerInvariant();

    /// <summary>A Brown tag in <paramref name="tagset"/>: as written, simplified, or universal.</summary>
    public static string Map(string tag, Tagset tagset) => tagset switch
    {
        Tagset.Brown => tag,
        Tagset.Simplified => Simplify(tag),
        _ => UniversalTags.Of(tag),
    };

    /// <summary>
    /// The tag without its position modifiers: every -hl, -tl, -nc suffix (they stack: <c>nn-tl-hl</c>) and the fw- prefix
    /// are removed, so <c>np-tl</c> → <c>np</c>, <c>fw-in+at-tl</c> → <c>in+at</c>; contractions (<c>pps+bez</c>), negation
    /// (<c>bez*</c>) and possessives (<c>nn$</c>) are kept, because they change what the word is.
    /// </summary>
    public static string Simplify(string tag)
    {
        string t = tag.ToLowerInvariant();
        if (t.StartsWith("fw-", StringComparison.Ordinal) && t.Length > 3) t = t[3..];
        bool stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in new[] { "-hl", "-tl", "-nc" })
                if (t.EndsWith(suffix, StringComparison.Ordinal) && t.Length > suffix.Length) { t = t[..^suffix.Length]; stripped = true; }
        }
        return t;
    }
}
