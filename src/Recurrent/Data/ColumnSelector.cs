namespace Recurrent.Data;

/// <summary>
/// A column of a delimited file, by header name (case-sensitive, exact) or by 0-based index. Converts implicitly from
/// a string or an int, so a call reads <c>Read(path, label: "sentiment", text: 2)</c>.
/// </summary>
public readonly record struct ColumnSelector
{
    private ColumnSelector(string? name, int index) => (Name, Index) = (name, index);

    /// <summary>The header name, or null when selected by index.</summary>
    public string? Name { get; }

    /// <summary>The 0-based index when selected by index (meaningless when <see cref="Name"/> is set).</summary>
    public int Index { get; }

    public static ColumnSelector Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(name, -1);
    }

    public static ColumnSelector At(int index) =>
        index >= 0 ? new(null, index) : throw new ArgumentException($"A column index is 0-based and not negative, got {index}.");

    public static implicit operator ColumnSelector(string name) => Named(name);

    public static implicit operator ColumnSelector(int index) => At(index);

    /// <summary>"column \"name\"" or "column 3".</summary>
    public override string ToString() => Name is null ? $"column {Index}" : $"column \"{Name}\"";

    /// <summary>
    /// The index of this column in a file whose first record is <paramref name="first"/> (the header when
    /// <paramref name="header"/>). A name without a header, an unknown or repeated name, or an index past the last
    /// field is a one-line error naming the file.
    /// </summary>
    internal int Resolve(string path, DelimitedRecord first, bool header)
    {
        var fields = first.Fields;
        if (Name is null)
        {
            if (Index < fields.Length) return Index;
            throw new InvalidDataException($"{path}:{first.Line}: no column {Index} (0-based): {(header ? "the header" : "the first row")} has {fields.Length} " +
                $"field{(fields.Length == 1 ? "" : "s")}{(header ? ": " + string.Join(", ", fields) : "")}.");
        }
        if (!header) throw new ArgumentException($"{path}: column \"{Name}\" is selected by name, but the file is read without a header; select it by index.");
        int found = Array.IndexOf(fields, Name);
        if (found < 0) throw new InvalidDataException($"{path}:{first.Line}: no column \"{Name}\" (the header has: {string.Join(", ", fields)}).");
        if (Array.IndexOf(fields, Name, found + 1) >= 0)
            throw new ArgumentException($"{path}:{first.Line}: the header names column \"{Name}\" twice (columns {found} and {Array.IndexOf(fields, Name, found + 1)}); select it by index.");
        return found;
    }
}
