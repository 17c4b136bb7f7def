namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Entry <paramref name="index"/> of dimension <paramref name="dim"/>, which is dropped, as <c>torch.select</c>
    /// (a copy here; negative <paramref name="dim"/> and <paramref name="index"/> count from the end): for x (T, B, H),
    /// <c>Select(x, 0, t)</c> is step t, (B, H). Viewing x as (outer, n, inner): y[o, j] = x[o, index, j]
    /// ⇒  dx[o, index, j] += dy[o, j].
    /// </summary>
    public static Variable Select(Variable x, int dim, int index)
    {
        const string op = nameof(Select);
        int d = NormalizeDim(x.Value, dim, op);
        int n = x.Value.Size(d);
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n)
            throw new ArgumentException($"{op}: index {index} is out of range for dimension {dim} of size {n} in shape {x.Value.ShapeString}.");
        var shape = x.Value.Shape;
        return Slice(x, d, i, 1, [.. shape[..d], .. shape[(d + 1)..]]);
    }
}
