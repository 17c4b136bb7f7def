namespace Recurrent.Data;

/// <summary>
/// A token stream held in as few bytes per token as its vocabulary needs: 1 (up to 256 tokens, characters of most
/// texts), 2 (up to 65,536) or 4. A 1 GB character text trains from 1 GB of ids, not 4. Read by index; an int[]
/// converts to one without a copy.
/// </summary>
public sealed class TokenIds
{
    private readonly byte[]? _bytes;
    private readonly ushort[]? _shorts;
    private readonly int[]? _ints;

    private TokenIds(byte[]? bytes, ushort[]? shorts, int[]? ints) =>
        (_bytes, _shorts, _ints, Length) = (bytes, shorts, ints, bytes?.Length ?? shorts?.Length ?? ints!.Length);

    public int Length { get; }

    /// <summary>Bytes per token: 1, 2 or 4.</summary>
    public int Width => _bytes is not null ? 1 : _shorts is not null ? 2 : 4;

    public int this[int index] => _bytes is not null ? _bytes[index] : _shorts is not null ? _shorts[index] : _ints![index];

    public static implicit operator TokenIds(int[] ids) => new(null, null, ids);

    /// <summary>The width <paramref name="vocabularySize"/> ids need.</summary>
    public static int WidthFor(int vocabularySize) => vocabularySize <= 256 ? 1 : vocabularySize <= 65536 ? 2 : 4;

    /// <summary>A copy of <paramref name="ids"/> (each in [0, <paramref name="vocabularySize"/>)) at the narrowest width.</summary>
    public static TokenIds Compact(ReadOnlySpan<int> ids, int vocabularySize)
    {
        var builder = new Builder(ids.Length, vocabularySize);
        foreach (int id in ids) builder.Add(id);
        return builder.Build();
    }

    public int[] ToArray()
    {
        var result = new int[Length];
        for (int i = 0; i < result.Length; i++) result[i] = this[i];
        return result;
    }

    /// <summary>Fills a stream of a known length, one id at a time, at the width of the vocabulary.</summary>
    public sealed class Builder(int length, int vocabularySize)
    {
        private readonly byte[]? _bytes = WidthFor(vocabularySize) == 1 ? new byte[length] : null;
        private readonly ushort[]? _shorts = WidthFor(vocabularySize) == 2 ? new ushort[length] : null;
        private readonly int[]? _ints = WidthFor(vocabularySize) == 4 ? new int[length] : null;
        private int _count;

        public int Count => _count;

        public void Add(int id)
        {
            if ((uint)id >= (uint)vocabularySize) throw new ArgumentOutOfRangeException(nameof(id), id, $"A token id outside [0, {vocabularySize}).");
            if (_bytes is not null) _bytes[_count++] = (byte)id;
            else if (_shorts is not null) _shorts[_count++] = (ushort)id;
            else _ints![_count++] = id;
        }

        public TokenIds Build() => _count == length ? new TokenIds(_bytes, _shorts, _ints)
            : throw new InvalidOperationException($"{_count} of {length} ids were added.");
    }
}
