namespace Recurrent.Models.Classification;

/// <summary>
/// One example: its label as written, a text or numeric values (T, F) row-major with F = Features, the document it belongs to (the key
/// that keeps a document's passages in one split) and where it was read (<c>file:line</c>, for error messages).
/// </summary>
public sealed record ClassificationExample(string Label, string? Text, float[]? Values, int Features, string Document, string Source)
{
    public static ClassificationExample OfText(string label, string text, string document, string source) => new(label, text, null, 0, document, source);

    /// <summary>T of a numeric example (its values are (T, F)).</summary>
    public int Steps => Values is null ? 0 : Values.Length / Features;
}
