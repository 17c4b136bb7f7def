using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>Joins variables along the last dimension (all other dimensions equal)  ⇒  each input gets its slice of dy.</summary>
    public static Variable ConcatLast(params Variable[] parts) => Concat(-1, parts);

    /// <summary>
    /// Joins variables along dimension <paramref name="dim"/> (negative counts from the end), as <c>torch.cat(parts, dim)</c>:
    /// all other dimensions equal. Seen as (outer, size_i · inner) blocks, y's row o is the parts' rows o side by side
    /// ⇒  each input gets its slice of dy. Along dimension 0 of (T, B, E) parts, this joins steps in time.
    /// </summary>
    public static Variable Concat(int dim, params Variable[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("Concat needs at least one variable.");
        var first = parts[0].Value;
        int rank = first.Rank, d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)rank) throw new ArgumentException($"Concat: dimension {dim} is outside a rank-{rank} tensor.");
        foreach (var p in parts)
        {
            bool fits = p.Value.Rank == rank;
            for (int i = 0; fits && i < rank; i++) fits = i == d || p.Value.Size(i) == first.Size(i);
            if (!fits) throw new ArgumentException($"Concat: shapes {string.Join(", ", parts.Select(q => q.Value.ShapeString))} differ outside dimension {d}.");
        }
        int outer = 1;
        for (int i = 0; i < d; i++) outer *= first.Size(i);
        // Each part is `outer` rows of widths[r] = size_d · inner contiguous values.
        var widths = parts.Select(p => outer == 0 ? 0 : p.Value.Length / outer).ToArray();
        int total = widths.Sum();
        var shape = first.Shape.ToArray();
        shape[d] = parts.Sum(p => p.Value.Size(d));
        var y = Tensor.Zeros(shape);
        for (int r = 0, offset = 0; r < parts.Length; offset += widths[r], r++)
            for (int i = 0; i < outer; i++)
                parts[r].Value.Span.Slice(i * widths[r], widths[r]).CopyTo(y.Span.Slice(i * total + offset, widths[r]));
        return Variable.Result(y, parts, res =>
        {
            var dy = res.Grad!.Span;
            for (int r = 0, offset = 0; r < parts.Length; offset += widths[r], r++)
            {
                if (!parts[r].RequiresGrad) continue;
                var g = parts[r].GradBuffer.Span;
                for (int i = 0; i < outer; i++)
                    TensorPrimitives.Add(g.Slice(i * widths[r], widths[r]), dy.Slice(i * total + offset, widths[r]), g.Slice(i * widths[r], widths[r]));
            }
        });
    }
}
