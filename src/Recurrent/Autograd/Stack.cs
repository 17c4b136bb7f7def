using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// Variables of one shape stacked along a new first dimension, as <c>torch.stack(parts, 0)</c>: n parts of shape s →
    /// (n, s), y[i] = parts[i]  ⇒  each part gets its slice of dy. A decoder's steps become one (T, B, H) tensor this way.
    /// </summary>
    public static Variable Stack(IReadOnlyList<Variable> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("Stack needs at least one variable.");
        var shape = parts[0].Value.Shape.ToArray();
        foreach (var p in parts)
            if (!p.Value.Shape.SequenceEqual(shape))
                throw new ArgumentException($"Stack: shapes {string.Join(", ", parts.Select(q => q.Value.ShapeString).Distinct())} differ.");
        int n = parts[0].Value.Length;
        var y = Tensor.Zeros([parts.Count, .. shape]);
        for (int i = 0; i < parts.Count; i++) parts[i].Value.Span.CopyTo(y.Span.Slice(i * n, n));
        return Variable.Result(y, [.. parts], r =>
        {
            var dy = r.Grad!.Span;
            for (int i = 0; i < parts.Count; i++)
                if (parts[i].RequiresGrad)
                {
                    var g = parts[i].GradBuffer.Span;
                    TensorPrimitives.Add(g, dy.Slice(i * n, n), g);
                }
        });
    }
}
