namespace Recurrent.Serialization.Onnx;

/// <summary>Shape arithmetic for the imported graphs: element counts, row-major strides, numpy broadcasting, axes.</summary>
internal static class OnnxShapes
{
    public static long Count(long[] shape)
    {
        long n = 1;
        foreach (long d in shape) n *= d;
        return n;
    }

    public static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
        return strides;
    }

    /// <summary>numpy's broadcast of several shapes, or a one-line error naming them.</summary>
    public static long[] Broadcast(string node, params long[][] shapes)
    {
        int rank = shapes.Max(s => s.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long d = 1;
            foreach (var s in shapes)
            {
                int k = i - (rank - s.Length);
                if (k < 0 || s[k] == 1) continue;
                if (d != 1 && d != s[k])
                    throw new InvalidDataException($"node '{node}': shapes {string.Join(" and ", shapes.Select(x => "(" + string.Join(", ", x) + ")"))} do not broadcast.");
                d = s[k];
            }
            result[i] = d;
        }
        return result;
    }

    /// <summary>For each element of the broadcast <paramref name="output"/> shape, the index into a tensor of <paramref name="shape"/>.</summary>
    public static int[] BroadcastIndex(long[] shape, long[] output)
    {
        long n = Count(output);
        var index = new int[n];
        if (n == 0) return index;
        var strides = Strides(shape);
        int offset = output.Length - shape.Length;
        var position = new long[output.Length];
        for (long i = 0; i < n; i++)
        {
            long at = 0;
            for (int k = 0; k < shape.Length; k++) if (shape[k] != 1) at += position[k + offset] * strides[k];
            index[i] = (int)at;
            for (int k = output.Length - 1; k >= 0; k--)
            {
                if (++position[k] < output[k]) break;
                position[k] = 0;
            }
        }
        return index;
    }

    /// <summary>An axis in [−rank, rank) as a non-negative index, or a one-line error.</summary>
    public static int Axis(long axis, int rank, string node)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.Max(rank, 1)) throw new InvalidDataException($"node '{node}': axis {axis} is outside a tensor of rank {rank}.");
        return (int)a;
    }
}
