namespace Recurrent.Models.Tagging;

/// <summary>
/// Spans (chunks, named entities) in BIO tags, read as CoNLL's conlleval does: a span of type X starts at B-X, or at I-X
/// after O or after a tag of another type, and runs over the I-X tags that follow. O and tags without a B-/I- prefix are
/// outside every span. Span F1 counts a predicted span right only if its start, end and type all match a gold span.
/// </summary>
public static class BioSpans
{
    /// <summary>Whether a tag is O, B-… or I-….</summary>
    public static bool IsBioTag(string tag) => tag == "O" || (tag.Length > 2 && tag[1] == '-' && tag[0] is 'B' or 'I');

    /// <summary>The spans of a sentence's tags as (start, end exclusive, type).</summary>
    public static List<(int Start, int End, string Type)> Extract(IReadOnlyList<string> tags)
    {
        var spans = new List<(int, int, string)>();
        int start = -1;
        string? type = null;
        for (int i = 0; i <= tags.Count; i++)
        {
            string tag = i < tags.Count ? tags[i] : "O";
            bool inside = tag.Length > 2 && tag[1] == '-' && (tag[0] == 'B' || tag[0] == 'I');
            string? tagType = inside ? tag[2..] : null;
            bool continues = inside && tag[0] == 'I' && tagType == type;
            if (type is not null && !continues) { spans.Add((start, i, type)); type = null; }
            if (inside && !continues) (start, type) = (i, tagType);
        }
        return spans;
    }
}
