namespace Recurrent.Layers;

/// <summary>
/// What a layer-direction reads: dense rows x (T·B, I), or token ids (T·B) into an embedding table E (V, I), which
/// stands for the rows E[token]. Tokens let the engine compute the input projection once per vocabulary entry
/// instead of once per row (see <see cref="RecurrentDirection"/>). The tokens are also read by the time loop's worker
/// threads, hence memory rather than a span.
/// </summary>
internal readonly ref struct DirectionInput
{
    public readonly ReadOnlySpan<float> Rows;
    public readonly ReadOnlyMemory<int> Tokens;
    public readonly ReadOnlySpan<float> Table;

    private DirectionInput(ReadOnlySpan<float> rows, ReadOnlyMemory<int> tokens, ReadOnlySpan<float> table)
    {
        Rows = rows;
        Tokens = tokens;
        Table = table;
    }

    public bool IsTokens => !Table.IsEmpty;

    public static DirectionInput Lookup(ReadOnlyMemory<int> tokens, ReadOnlySpan<float> table) => new(default, tokens, table);

    public static implicit operator DirectionInput(ReadOnlySpan<float> rows) => new(rows, default, default);
    public static implicit operator DirectionInput(Span<float> rows) => new(rows, default, default);
}
