using Recurrent.Serialization.Onnx.Proto;
using static Recurrent.Serialization.Onnx.OnnxShapes;

namespace Recurrent.Serialization.Onnx;

/// <summary>The operators that compute: MatMul, Gemm, Softmax and LogSoftmax, the reductions.</summary>
internal static partial class OnnxOps
{
    private static OnnxTensor MatMul(OnnxTensor a, OnnxTensor b, string name)
    {
        // 1-D operands are promoted (a: (1, K), b: (K, 1)) and the added dimension removed afterwards, as numpy does.
        var sa = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        var sb = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        if (sa.Length < 2 || sb.Length < 2 || sa[^1] != sb[^2]) throw new InvalidDataException($"node '{name}': MatMul of {a.ShapeString} and {b.ShapeString}.");
        long M = sa[^2], K = sa[^1], N = sb[^1];
        var batch = Broadcast(name, sa[..^2], sb[..^2]);
        var (ia, ib) = (BroadcastIndex(sa[..^2], batch), BroadcastIndex(sb[..^2], batch));
        var (fa, fb) = (a.AsFloats(), b.AsFloats());
        var result = new float[ia.Length * M * N];
        for (int p = 0; p < ia.Length; p++)
        {
            var A = fa.AsSpan((int)(ia[p] * M * K), (int)(M * K));
            var B = fb.AsSpan((int)(ib[p] * K * N), (int)(K * N));
            Kernels.Gemm.Multiply(false, false, (int)M, (int)N, (int)K, 1f, A, (int)K, B, (int)N, 0f, result.AsSpan((int)(p * M * N), (int)(M * N)), (int)N);
        }
        var shape = batch.Concat(new[] { M, N }).ToList();
        if (b.Rank == 1) shape.RemoveAt(shape.Count - 1);
        if (a.Rank == 1) shape.RemoveAt(shape.Count - (b.Rank == 1 ? 1 : 2));
        return OnnxTensor.Float(result, [.. shape]);
    }

    private static OnnxTensor Gemm(NodeProto node, OnnxTensor a, OnnxTensor b, OnnxTensor? c, string name)
    {
        bool ta = Attributes.Int(node, "transA", 0) == 1, tb = Attributes.Int(node, "transB", 0) == 1;
        float alpha = Attributes.Float(node, "alpha", 1f), beta = Attributes.Float(node, "beta", 1f);
        if (a.Rank != 2 || b.Rank != 2) throw new InvalidDataException($"node '{name}': Gemm of {a.ShapeString} and {b.ShapeString} (2-D expected).");
        long M = ta ? a.Shape[1] : a.Shape[0], K = ta ? a.Shape[0] : a.Shape[1], N = tb ? b.Shape[0] : b.Shape[1];
        if ((tb ? b.Shape[1] : b.Shape[0]) != K) throw new InvalidDataException($"node '{name}': Gemm of {a.ShapeString} and {b.ShapeString} with transA={ta}, transB={tb}.");
        var result = new float[M * N];
        if (c is not null)
        {
            var index = BroadcastIndex(c.Shape, Broadcast(name, c.Shape, [M, N]));
            var fc = c.AsFloats();
            for (int i = 0; i < result.Length; i++) result[i] = beta * fc[index[i]];
        }
        Kernels.Gemm.Multiply(ta, tb, (int)M, (int)N, (int)K, alpha, a.AsFloats(), (int)a.Shape[1], b.AsFloats(), (int)b.Shape[1], 1f, result, (int)N);
        return OnnxTensor.Float(result, M, N);
    }

    private static OnnxTensor Softmax(OnnxTensor t, long axisAttribute, bool singleAxis, bool log, string name)
    {
        int axis = Axis(axisAttribute, t.Rank, name);
        var values = t.AsFloats();
        var result = new float[values.Length];
        long outer = t.Shape.Take(axis).Aggregate(1L, (a, d) => a * d);
        long length = singleAxis ? t.Shape[axis] : t.Shape.Skip(axis).Aggregate(1L, (a, d) => a * d);
        long inner = singleAxis ? t.Shape.Skip(axis + 1).Aggregate(1L, (a, d) => a * d) : 1;
        for (long o = 0; o < outer; o++)
            for (long k = 0; k < inner; k++)
            {
                long at(long j) => (o * length + j) * inner + k;
                float max = float.NegativeInfinity;
                for (long j = 0; j < length; j++) max = Math.Max(max, values[at(j)]);
                double sum = 0;
                for (long j = 0; j < length; j++) sum += Math.Exp(values[at(j)] - max);
                for (long j = 0; j < length; j++)
                    result[at(j)] = log ? (float)(values[at(j)] - max - Math.Log(sum)) : (float)(Math.Exp(values[at(j)] - max) / sum);
            }
        return OnnxTensor.Float(result, t.Shape);
    }

    private static OnnxTensor Reduce(OnnxTensor t, long[] axesGiven, NodeProto node, string name, string how)
    {
        bool keep = Attributes.Int(node, "keepdims", 1) == 1;
        if (axesGiven.Length == 0 && Attributes.Int(node, "noop_with_empty_axes", 0) == 1) return t;
        var axes = (axesGiven.Length == 0 ? Enumerable.Range(0, t.Rank) : axesGiven.Select(a => Axis(a, t.Rank, name))).ToHashSet();
        var keptShape = t.Shape.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray();
        var values = t.AsFloats();
        int n = (int)Count(keptShape);
        var result = new double[n];
        if (how is "max" or "min" or "prod") Array.Fill(result, how == "max" ? double.NegativeInfinity : how == "min" ? double.PositiveInfinity : 1);
        var index = Gathered(t.Shape, [.. Strides(keptShape).Select((s, i) => axes.Contains(i) ? 0 : s)]);
        for (int i = 0; i < values.Length; i++)
            result[index[i]] = how switch
            {
                "max" => Math.Max(result[index[i]], values[i]),
                "min" => Math.Min(result[index[i]], values[i]),
                "prod" => result[index[i]] * values[i],
                _ => result[index[i]] + values[i],
            };
        long reduced = t.Count / Math.Max(1, n);
        var shape = keep ? keptShape : t.Shape.Where((_, i) => !axes.Contains(i)).ToArray();
        if (!t.IsFloat) return OnnxTensor.Integer(t.DataType, [.. result.Select(v => (long)v)], shape);
        return OnnxTensor.Float([.. result.Select(v => (float)(how == "mean" ? v / reduced : v))], shape);
    }
}
