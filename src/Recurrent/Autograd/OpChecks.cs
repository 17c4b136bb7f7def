using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Checks and dimension arithmetic shared by several ops (PyTorch's conventions for <c>dim</c>).</summary>
public static partial class Ops
{
    /// <summary>
    /// <paramref name="dim"/> as an index in [0, rank): negative counts from the end, as in PyTorch (−1 is the last).
    /// </summary>
    internal static int NormalizeDim(Tensor x, int dim, string op)
    {
        int rank = x.Rank;
        if (dim < -rank || dim >= rank)
            throw new ArgumentException($"{op}: dimension {dim} is out of range for shape {x.ShapeString} (expected {-rank} to {rank - 1}).");
        return dim < 0 ? dim + rank : dim;
    }

    /// <summary>
    /// Row-major x viewed as (outer, size, inner) around dimension <paramref name="dim"/>: element (o, i, j) sits at
    /// (o·size + i)·inner + j.
    /// </summary>
    internal static (int Outer, int Size, int Inner) AroundDim(ReadOnlySpan<int> shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        for (int d = dim + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, shape[dim], inner);
    }

    /// <summary>
    /// Per-sequence valid lengths, each in [1, <paramref name="steps"/>], copied (backward sees what forward saw);
    /// null means every sequence has all <paramref name="steps"/> steps.
    /// </summary>
    internal static int[] CheckLengths(IReadOnlyList<int>? lengths, int batch, int steps, string op)
    {
        if (lengths is null) return Enumerable.Repeat(steps, batch).ToArray();
        if (lengths.Count != batch)
            throw new ArgumentException($"{op}: expected {batch} lengths, one per sequence, got {lengths.Count}.");
        var result = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException($"{op}: lengths[{b}] = {lengths[b]} is outside [1, {steps}].");
            result[b] = lengths[b];
        }
        return result;
    }

    /// <summary>(T, B, F) of a time-major input with at least one step.</summary>
    internal static (int T, int B, int F) CheckTimeMajor(Tensor x, string op)
    {
        if (x.Rank != 3 || x.Size(0) == 0)
            throw new ArgumentException($"{op}: expected time-major input (T, B, F) with at least one step, got shape {x.ShapeString}.");
        return (x.Size(0), x.Size(1), x.Size(2));
    }
}
