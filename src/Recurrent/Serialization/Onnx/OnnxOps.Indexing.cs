using Recurrent.Serialization.Onnx.Proto;
using static Recurrent.Serialization.Onnx.OnnxShapes;

namespace Recurrent.Serialization.Onnx;

/// <summary>The operators that move elements: Concat, Slice, Gather, TopK, ScatterElements, Split.</summary>
internal static partial class OnnxOps
{
    private static OnnxTensor Concat(OnnxTensor[] parts, long axisAttribute, string name)
    {
        if (parts.Length == 0) throw new InvalidDataException($"node '{name}': Concat of nothing.");
        int rank = parts[0].Rank, axis = Axis(axisAttribute, rank, name);
        foreach (var p in parts)
            if (p.Rank != rank || p.Shape.Where((d, i) => i != axis && d != parts[0].Shape[i]).Any())
                throw new InvalidDataException($"node '{name}': cannot concatenate {parts[0].ShapeString} and {p.ShapeString} along axis {axis}.");
        var shape = (long[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        long outer = shape.Take(axis).Aggregate(1L, (a, d) => a * d), inner = shape.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
        bool floats = parts[0].IsFloat;
        var fl = floats ? new float[Count(shape)] : null;
        var il = floats ? null : new long[Count(shape)];
        long at = 0;
        for (long o = 0; o < outer; o++)
            foreach (var p in parts)
            {
                long block = p.Shape[axis] * inner;
                if (floats) Array.Copy(p.AsFloats(), o * block, fl!, at, block);
                else Array.Copy(p.AsIntegers(), o * block, il!, at, block);
                at += block;
            }
        return floats ? OnnxTensor.Float(fl!, shape) : OnnxTensor.Integer(parts[0].DataType, il!, shape);
    }

    private static OnnxTensor Slice(NodeProto node, OnnxTensor?[] x, long opset, string name)
    {
        var t = x[0] ?? throw new InvalidDataException($"node '{name}': Slice lacks its data.");
        long[] starts, ends, axes, steps;
        if (opset >= 10)
        {
            starts = x[1]!.AsIntegers();
            ends = x[2]!.AsIntegers();
            axes = x.Length > 3 && x[3] is { } a ? a.AsIntegers() : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
            steps = x.Length > 4 && x[4] is { } s ? s.AsIntegers() : [.. starts.Select(_ => 1L)];
        }
        else
        {
            starts = Attributes.Ints(node, "starts");
            ends = Attributes.Ints(node, "ends");
            axes = Attributes.Ints(node, "axes") is { Length: > 0 } a ? a : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
            steps = [.. starts.Select(_ => 1L)];
        }
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw new InvalidDataException($"node '{name}': Slice's starts, ends, axes and steps differ in length.");
        int rank = t.Rank;
        var begin = new long[rank];
        var step = Enumerable.Repeat(1L, rank).ToArray();
        var shape = (long[])t.Shape.Clone();
        for (int i = 0; i < starts.Length; i++)
        {
            int axis = Axis(axes[i], rank, name);
            long d = t.Shape[axis], s = steps[i];
            if (s == 0) throw new InvalidDataException($"node '{name}': Slice step 0.");
            long b = starts[i] < 0 ? starts[i] + d : starts[i], e = ends[i] < 0 ? ends[i] + d : ends[i];
            if (s > 0) { b = Math.Clamp(b, 0, d); e = Math.Clamp(e, 0, d); }
            else { b = Math.Clamp(b, -1, d - 1); e = Math.Clamp(e, -1, d - 1); }
            long n = s > 0 ? Math.Max(0, (e - b + s - 1) / s) : Math.Max(0, (b - e - s - 1) / -s);
            (begin[axis], step[axis], shape[axis]) = (b, s, n);
        }
        var strides = Strides(t.Shape);
        long offset = begin.Select((b, k) => shape[k] == 0 ? 0 : b * strides[k]).Sum();
        var index = Gathered(shape, [.. strides.Select((s, k) => s * step[k])]).Select(i => (int)(i + offset)).ToArray();
        return Take(t, index, shape);
    }

    private static OnnxTensor Gather(OnnxTensor data, OnnxTensor indices, long axisAttribute, string name)
    {
        int axis = Axis(axisAttribute, data.Rank, name);
        long d = data.Shape[axis];
        var idx = indices.AsIntegers().Select(i => i < 0 ? i + d : i).ToArray();
        if (idx.Any(i => i < 0 || i >= d)) throw new InvalidDataException($"node '{name}': an index of Gather is outside [0, {d}) on axis {axis}.");
        long outer = data.Shape.Take(axis).Aggregate(1L, (a, k) => a * k), inner = data.Shape.Skip(axis + 1).Aggregate(1L, (a, k) => a * k);
        var shape = data.Shape.Take(axis).Concat(indices.Shape).Concat(data.Shape.Skip(axis + 1)).ToArray();
        var index = new int[Count(shape)];
        long at = 0;
        for (long o = 0; o < outer; o++)
            foreach (long i in idx)
                for (long k = 0; k < inner; k++) index[at++] = (int)((o * d + i) * inner + k);
        return Take(data, index, shape);
    }


    /// <summary>The k largest (or smallest) along an axis, ties in index order; values and int64 indices.</summary>
    private static OnnxTensor?[] TopK(OnnxTensor t, long k, long axisAttribute, bool largest, string name)
    {
        int axis = Axis(axisAttribute, t.Rank, name);
        long length = t.Shape[axis];
        if (k < 0 || k > length) throw new InvalidDataException($"node '{name}': TopK of {k} along an axis of {length}.");
        long outer = t.Shape.Take(axis).Aggregate(1L, (a, d) => a * d), inner = t.Shape.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
        var shape = (long[])t.Shape.Clone();
        shape[axis] = k;
        var values = t.AsFloats();
        var chosen = new long[Count(shape)];
        for (long o = 0; o < outer; o++)
            for (long i = 0; i < inner; i++)
            {
                long At(long j) => (o * length + j) * inner + i;
                var order = Enumerable.Range(0, (int)length).Select(j => (long)j)
                    .OrderBy(j => largest ? -values[At(j)] : values[At(j)]).ThenBy(j => j).Take((int)k).ToArray();
                for (long j = 0; j < k; j++) chosen[(o * k + j) * inner + i] = order[j];
            }
        var index = new int[chosen.Length];
        for (long o = 0; o < outer; o++)
            for (long j = 0; j < k; j++)
                for (long i = 0; i < inner; i++)
                {
                    long at = (o * k + j) * inner + i;
                    index[at] = (int)((o * length + chosen[at]) * inner + i);
                }
        return [Take(t, index, shape), OnnxTensor.Int64(chosen, shape)];
    }

    /// <summary>A copy of data with updates written at the indices along one axis (reduction none).</summary>
    private static OnnxTensor ScatterElements(OnnxTensor data, OnnxTensor indices, OnnxTensor updates, long axisAttribute, string reduction, string name)
    {
        if (reduction != "none") throw new UnsupportedOnnxException($"node '{name}': ScatterElements with reduction '{reduction}' is not supported.");
        int axis = Axis(axisAttribute, data.Rank, name);
        if (!indices.Shape.SequenceEqual(updates.Shape) || indices.Rank != data.Rank)
            throw new InvalidDataException($"node '{name}': ScatterElements indices {indices.ShapeString} and updates {updates.ShapeString} for data {data.ShapeString}.");
        var strides = Strides(data.Shape);
        var position = Gathered(indices.Shape, Strides(data.Shape));
        var idx = indices.AsIntegers();
        var fl = data.IsFloat ? (float[])data.Floats!.Clone() : null;
        var il = data.IsFloat ? null : (long[])data.Integers!.Clone();
        var (uf, ui) = (updates.IsFloat ? updates.Floats : null, updates.IsFloat ? null : updates.AsIntegers());
        var istrides = Strides(indices.Shape);
        for (int e = 0; e < idx.Length; e++)
        {
            long j = idx[e] < 0 ? idx[e] + data.Shape[axis] : idx[e];
            if (j < 0 || j >= data.Shape[axis]) throw new InvalidDataException($"node '{name}': ScatterElements index {idx[e]} outside [0, {data.Shape[axis]}).");
            long along = e / istrides[axis] % indices.Shape[axis];
            long target = position[e] + (j - along) * strides[axis];
            if (fl is not null) fl[target] = uf?[e] ?? ui![e];
            else il![target] = ui?[e] ?? (long)uf![e];
        }
        return fl is not null ? OnnxTensor.Float(fl, data.Shape) : OnnxTensor.Integer(data.DataType, il!, data.Shape);
    }

    /// <summary>Split along an axis into given sizes (input from opset 13, attribute before) or equal parts.</summary>
    private static OnnxTensor?[] Split(NodeProto node, OnnxTensor t, OnnxTensor? sizes, long opset, string name)
    {
        int axis = Axis(Attributes.Int(node, "axis", 0), t.Rank, name);
        long length = t.Shape[axis];
        long[] parts = sizes?.AsIntegers() ?? (opset < 13 ? Attributes.Ints(node, "split") : []);
        if (parts.Length == 0)
        {
            int n = node.Output.Count;
            long each = (length + n - 1) / n;
            parts = [.. Enumerable.Range(0, n).Select(i => Math.Max(0, Math.Min(each, length - i * each)))];
        }
        if (parts.Sum() != length || parts.Any(p => p < 0)) throw new InvalidDataException($"node '{name}': Split sizes ({string.Join(", ", parts)}) of an axis of {length}.");
        var result = new OnnxTensor?[parts.Length];
        long start = 0;
        var all = Enumerable.Range(0, t.Rank).Select(i => (long)i).ToArray();
        for (int i = 0; i < parts.Length; i++)
        {
            var begin = new long[t.Rank];
            begin[axis] = start;
            var shape = (long[])t.Shape.Clone();
            shape[axis] = parts[i];
            var strides = Strides(t.Shape);
            long offset = begin.Select((b, k) => b * strides[k]).Sum();
            result[i] = Take(t, [.. Gathered(shape, strides).Select(x => (int)(x + offset))], shape);
            start += parts[i];
        }
        return result;
    }
}
