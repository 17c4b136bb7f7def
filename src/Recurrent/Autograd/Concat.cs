using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>Joins variables along the last dimension (all other dimensions equal)  ⇒  each input gets its slice of dy.</summary>
    public static Variable ConcatLast(params Variable[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("ConcatLast needs at least one variable.");
        int rows = parts[0].Value.Length / parts[0].Value.Size(-1);
        var widths = parts.Select(p => p.Value.Size(-1)).ToArray();
        foreach (var p in parts)
            if (p.Value.Length / p.Value.Size(-1) != rows || p.Value.Rank != parts[0].Value.Rank)
                throw new ArgumentException($"ConcatLast: shapes {string.Join(", ", parts.Select(q => q.Value.ShapeString))} differ outside the last dimension.");
        int total = widths.Sum();
        var shape = parts[0].Value.Shape.ToArray();
        shape[^1] = total;
        var y = Tensor.Zeros(shape);
        for (int r = 0, offset = 0; r < parts.Length; offset += widths[r], r++)
            for (int i = 0; i < rows; i++)
                parts[r].Value.Span.Slice(i * widths[r], widths[r]).CopyTo(y.Span.Slice(i * total + offset, widths[r]));
        return Variable.Result(y, parts, res =>
        {
            var dy = res.Grad!.Span;
            for (int r = 0, offset = 0; r < parts.Length; offset += widths[r], r++)
            {
                if (!parts[r].RequiresGrad) continue;
                var g = parts[r].GradBuffer.Span;
                for (int i = 0; i < rows; i++)
                    TensorPrimitives.Add(g.Slice(i * widths[r], widths[r]), dy.Slice(i * total + offset, widths[r]), g.Slice(i * widths[r], widths[r]));
            }
        });
    }
}
