using Recurrent.Tensors;

namespace Recurrent.Autograd;

public static partial class Ops
{
    /// <summary>
    /// y[n] = W[index[n]]: W (V, E), indices of any shape S → y (S..., E)  ⇒  dW[index[n]] += dy[n] (scatter-add).
    /// </summary>
    public static Variable Embedding(Variable weight, ReadOnlySpan<int> indices, params int[] indexShape)
    {
        int vocab = weight.Value.Size(0), dim = weight.Value.Size(1);
        if (ShapeOps.Count(indexShape) != indices.Length)
            throw new ArgumentException($"Embedding: {indices.Length} indices do not form shape {ShapeOps.Format(indexShape)}.");
        var ids = indices.ToArray();
        var y = Tensor.Zeros([.. indexShape, dim]);
        var w = weight.Value.Span;
        for (int n = 0; n < ids.Length; n++)
        {
            if ((uint)ids[n] >= (uint)vocab) throw new ArgumentException($"Embedding: index {ids[n]} at position {n} is outside the vocabulary of {vocab}.");
            w.Slice(ids[n] * dim, dim).CopyTo(y.Span.Slice(n * dim, dim));
        }
        return Variable.Result(y, [weight], r => Kernels.ScatterAdd.Rows(ids, r.Grad!.Span, dim, weight.GradBuffer.Span));
    }
}
