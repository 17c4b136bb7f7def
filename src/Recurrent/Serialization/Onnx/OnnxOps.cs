using Recurrent.Serialization.Onnx.Proto;
using static Recurrent.Serialization.Onnx.OnnxShapes;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// The glue operators PyTorch's exporter emits around recurrent nodes, evaluated on <see cref="OnnxTensor"/>s with the
/// ONNX specification's semantics (opset 9 to 17: axes as attributes before 13, as inputs from 13). Plain loops: these
/// ops move shapes and small tensors; the recurrent nodes (<see cref="OnnxRecurrentOp"/>) do the arithmetic.
/// </summary>
internal static class OnnxOps
{
    public static readonly HashSet<string> Supported =
    [
        "Identity", "Constant", "Shape", "ConstantOfShape", "Cast", "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Concat",
        "Slice", "Gather", "Expand", "Range", "Add", "Sub", "Mul", "Div", "Less", "Greater", "Equal", "Where", "Tanh",
        "Sigmoid", "Relu", "Neg", "Exp", "MatMul", "Gemm", "Softmax", "LogSoftmax", "ReduceSum", "ReduceMean", "ReduceMax",
        "Flatten", "Dropout", "Sqrt", "Pow", "Not", "ReduceProd", "ReduceMin", "TopK", "ScatterElements", "Split",
        "LSTM", "GRU", "RNN",
    ];

    /// <summary>Runs one node: its inputs (null where omitted) → its outputs.</summary>
    public static OnnxTensor?[] Run(NodeProto node, OnnxTensor?[] x, long opset)
    {
        string name = node.Name.Length > 0 ? node.Name : node.OpType;
        OnnxTensor In(int i) => i < x.Length && x[i] is { } t ? t
            : throw new InvalidDataException($"node '{name}' ({node.OpType}) lacks its input {i}.");
        OnnxTensor? Optional(int i) => i < x.Length ? x[i] : null;
        long[] AxesOf(int input) => opset >= 13 || node.Attribute.All(a => a.Name != "axes")
            ? Optional(input)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes");
        switch (node.OpType)
        {
            case "Identity": return [In(0)];
            case "Dropout": return [In(0), OnnxTensor.Bool(new long[In(0).Count].Select(_ => 1L).ToArray(), In(0).Shape)];
            case "Constant": return [Attributes.ConstantValue(node, name)];
            case "Shape":
            {
                var shape = In(0).Shape;
                long Clamp(long v) => Math.Clamp(v < 0 ? v + shape.Length : v, 0, shape.Length);
                long start = Clamp(Attributes.Int(node, "start", 0)), end = Clamp(Attributes.Int(node, "end", shape.Length));
                var part = shape[(int)start..(int)Math.Max(start, end)];
                return [OnnxTensor.Int64(part, part.Length)];
            }
            case "ConstantOfShape":
            {
                var shape = In(0).AsIntegers();
                if (shape.Any(d => d < 0) || Count(shape) > int.MaxValue) throw new InvalidDataException($"node '{name}': shape ({string.Join(", ", shape)}) is not valid.");
                var value = Attributes.Tensor(node, "value") is { } v ? OnnxTensor.FromProto(v, name) : OnnxTensor.Float([0f], 1);
                int n = (int)Count(shape);
                return [value.IsFloat ? OnnxTensor.Float(Enumerable.Repeat(value.Floats![0], n).ToArray(), shape)
                    : OnnxTensor.Integer(value.DataType, Enumerable.Repeat(value.Integers![0], n).ToArray(), shape)];
            }
            case "Cast":
            {
                int to = (int)Attributes.Int(node, "to", 1);
                var t = In(0);
                return [to switch
                {
                    1 or 11 => OnnxTensor.Float(t.AsFloats(), t.Shape),
                    9 => OnnxTensor.Bool([.. t.AsFloats().Select(v => v != 0 ? 1L : 0L)], t.Shape),
                    2 or 3 or 4 or 5 or 6 or 7 or 12 or 13 => OnnxTensor.Integer(to, t.AsIntegers(), t.Shape),
                    _ => throw new InvalidDataException($"node '{name}': Cast to element type {to} is not supported."),
                }];
            }
            case "Transpose":
            {
                var t = In(0);
                var perm = Attributes.Ints(node, "perm") is { Length: > 0 } p ? p : [.. Enumerable.Range(0, t.Rank).Reverse().Select(i => (long)i)];
                if (perm.Length != t.Rank || perm.Distinct().Count() != t.Rank || perm.Any(a => a < 0 || a >= t.Rank))
                    throw new InvalidDataException($"node '{name}': perm ({string.Join(", ", perm)}) does not fit a tensor of shape {t.ShapeString}.");
                var shape = perm.Select(a => t.Shape[a]).ToArray();
                var strides = Strides(t.Shape);
                var index = Gathered(shape, [.. perm.Select(a => strides[a])]);
                return [Take(t, index, shape)];
            }
            case "Reshape":
            {
                var t = In(0);
                var target = (opset >= 5 ? In(1).AsIntegers() : Attributes.Ints(node, "shape")).ToArray();
                bool allowZero = Attributes.Int(node, "allowzero", 0) == 1;
                for (int i = 0; i < target.Length; i++)
                    if (target[i] == 0 && !allowZero)
                        target[i] = i < t.Rank ? t.Shape[i] : throw new InvalidDataException($"node '{name}': dimension {i} copies from a tensor of rank {t.Rank}.");
                int infer = Array.IndexOf(target, -1L);
                if (infer >= 0)
                {
                    long known = target.Where((d, i) => i != infer).Aggregate(1L, (a, d) => a * d);
                    target[infer] = known == 0 ? 0 : t.Count / known;
                }
                if (target.Any(d => d < 0) || Count(target) != t.Count)
                    throw new InvalidDataException($"node '{name}': cannot reshape {t.ShapeString} to ({string.Join(", ", target)}).");
                return [t.WithShape(target)];
            }
            case "Squeeze":
            {
                var t = In(0);
                var axes = AxesOf(1).Select(a => Axis(a, t.Rank, name)).ToHashSet();
                if (axes.Count == 0) axes = [.. Enumerable.Range(0, t.Rank).Where(i => t.Shape[i] == 1)];
                if (axes.Any(a => t.Shape[a] != 1)) throw new InvalidDataException($"node '{name}': cannot squeeze axes of {t.ShapeString} that are not 1.");
                return [t.WithShape([.. t.Shape.Where((_, i) => !axes.Contains(i))])];
            }
            case "Unsqueeze":
            {
                var t = In(0);
                var axes = AxesOf(1);
                int rank = t.Rank + axes.Length;
                var set = axes.Select(a => Axis(a, rank, name)).ToHashSet();
                var shape = new long[rank];
                for (int i = 0, k = 0; i < rank; i++) shape[i] = set.Contains(i) ? 1 : t.Shape[k++];
                return [t.WithShape(shape)];
            }
            case "Flatten":
            {
                var t = In(0);
                int axis = (int)Attributes.Int(node, "axis", 1);
                axis = axis < 0 ? axis + t.Rank : axis;
                long outer = t.Shape.Take(axis).Aggregate(1L, (a, d) => a * d);
                return [t.WithShape([outer, outer == 0 ? 0 : t.Count / outer])];
            }
            case "Concat": return [Concat(x.Where(t => t is not null).Select(t => t!).ToArray(), Attributes.Int(node, "axis", 0), name)];
            case "Slice": return [Slice(node, x, opset, name)];
            case "Gather": return [Gather(In(0), In(1), Attributes.Int(node, "axis", 0), name)];
            case "Expand":
            {
                var t = In(0);
                var shape = Broadcast(name, t.Shape, In(1).AsIntegers());
                return [Take(t, BroadcastIndex(t.Shape, shape), shape)];
            }
            case "Range":
            {
                var (start, limit, delta) = (In(0), In(1), In(2));
                if (start.IsFloat)
                {
                    float s = start.Floats![0], d = delta.Floats![0];
                    int n = (int)Math.Max(0, Math.Ceiling((limit.Floats![0] - s) / d));
                    return [OnnxTensor.Float([.. Enumerable.Range(0, n).Select(i => s + i * d)], n)];
                }
                long si = start.Integers![0], di = delta.Integers![0];
                if (di == 0) throw new InvalidDataException($"node '{name}': Range with delta 0.");
                long count = Math.Max(0, (long)Math.Ceiling((limit.Integers![0] - si) / (double)di));
                if (count > int.MaxValue) throw new InvalidDataException($"node '{name}': Range of {count} values.");
                return [OnnxTensor.Integer(start.DataType, [.. Enumerable.Range(0, (int)count).Select(i => si + i * di)], [count])];
            }
            case "Add": return [Binary(In(0), In(1), name, (a, b) => a + b, (a, b) => a + b)];
            case "Sub": return [Binary(In(0), In(1), name, (a, b) => a - b, (a, b) => a - b)];
            case "Mul": return [Binary(In(0), In(1), name, (a, b) => a * b, (a, b) => a * b)];
            case "Div": return [Binary(In(0), In(1), name, (a, b) => a / b, (a, b) => b == 0 ? throw new InvalidDataException($"node '{name}': integer division by zero.") : a / b)];
            case "Less": return [Compare(In(0), In(1), name, (a, b) => a < b)];
            case "Greater": return [Compare(In(0), In(1), name, (a, b) => a > b)];
            case "Equal": return [Compare(In(0), In(1), name, (a, b) => a == b)];
            case "Where":
            {
                var (c, a, b) = (In(0), In(1), In(2));
                var shape = Broadcast(name, c.Shape, a.Shape, b.Shape);
                var (ic, ia, ib) = (BroadcastIndex(c.Shape, shape), BroadcastIndex(a.Shape, shape), BroadcastIndex(b.Shape, shape));
                var cond = c.AsIntegers();
                if (a.IsFloat || b.IsFloat)
                {
                    var (fa, fb) = (a.AsFloats(), b.AsFloats());
                    return [OnnxTensor.Float([.. ic.Select((k, i) => cond[k] != 0 ? fa[ia[i]] : fb[ib[i]])], shape)];
                }
                var (la, lb) = (a.Integers!, b.Integers!);
                return [OnnxTensor.Integer(a.DataType, [.. ic.Select((k, i) => cond[k] != 0 ? la[ia[i]] : lb[ib[i]])], shape)];
            }
            case "Tanh": return [Unary(In(0), MathF.Tanh)];
            case "Sigmoid": return [Unary(In(0), v => 1f / (1f + MathF.Exp(-v)))];
            case "Relu": return [Unary(In(0), v => Math.Max(v, 0f))];
            case "Exp": return [Unary(In(0), MathF.Exp)];
            case "Neg": return [In(0).IsFloat ? Unary(In(0), v => -v) : OnnxTensor.Integer(In(0).DataType, [.. In(0).Integers!.Select(v => -v)], In(0).Shape)];
            case "MatMul": return [MatMul(In(0), In(1), name)];
            case "Gemm": return [Gemm(node, In(0), In(1), Optional(2), name)];
            case "Softmax":
            case "LogSoftmax": return [Softmax(In(0), Attributes.Int(node, "axis", opset >= 13 ? -1 : 1), opset >= 13, node.OpType == "LogSoftmax", name)];
            case "ReduceSum": return [Reduce(In(0), opset >= 13 ? Optional(1)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes"), node, name, "sum")];
            case "ReduceMean": return [Reduce(In(0), opset >= 18 ? Optional(1)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes"), node, name, "mean")];
            case "ReduceMax": return [Reduce(In(0), opset >= 18 ? Optional(1)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes"), node, name, "max")];
            case "ReduceMin": return [Reduce(In(0), opset >= 18 ? Optional(1)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes"), node, name, "min")];
            case "ReduceProd": return [Reduce(In(0), opset >= 18 ? Optional(1)?.AsIntegers() ?? [] : Attributes.Ints(node, "axes"), node, name, "prod")];
            case "Sqrt": return [Unary(In(0), MathF.Sqrt)];
            case "Pow": return [Binary(In(0), In(1), name, MathF.Pow, (a, b) => (long)Math.Pow(a, b))];
            case "Not": return [OnnxTensor.Bool([.. In(0).AsIntegers().Select(v => v == 0 ? 1L : 0L)], In(0).Shape)];
            case "TopK": return TopK(In(0), In(1).AsIntegers()[0], Attributes.Int(node, "axis", -1), Attributes.Int(node, "largest", 1) == 1, name);
            case "ScatterElements": return [ScatterElements(In(0), In(1), In(2), Attributes.Int(node, "axis", 0), Attributes.String(node, "reduction", "none"), name)];
            case "Split": return Split(node, In(0), Optional(1), opset, name);
            case "LSTM" or "GRU" or "RNN": return OnnxRecurrentOp.Run(node, x, name);
            default: throw new InvalidDataException($"node '{name}': operator {node.OpType} is not supported.");
        }
    }

    /// <summary>Flat source indices of a strided view: element i of <paramref name="shape"/> reads Σ_k pos_k · strides_k.</summary>
    private static int[] Gathered(long[] shape, long[] strides)
    {
        var zero = new long[shape.Length];
        long n = Count(shape);
        var index = new int[n];
        var position = new long[shape.Length];
        for (long i = 0; i < n; i++)
        {
            long at = 0;
            for (int k = 0; k < shape.Length; k++) at += position[k] * strides[k];
            index[i] = (int)at;
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                if (++position[k] < shape[k]) break;
                position[k] = zero[k];
            }
        }
        return index;
    }

    private static OnnxTensor Take(OnnxTensor t, int[] index, long[] shape) => t.IsFloat
        ? OnnxTensor.Float([.. index.Select(i => t.Floats![i])], shape)
        : OnnxTensor.Integer(t.DataType, [.. index.Select(i => t.Integers![i])], shape);

    private static OnnxTensor Unary(OnnxTensor t, Func<float, float> f) => OnnxTensor.Float([.. t.AsFloats().Select(f)], t.Shape);

    private static OnnxTensor Binary(OnnxTensor a, OnnxTensor b, string name, Func<float, float, float> f, Func<long, long, long> g)
    {
        var shape = Broadcast(name, a.Shape, b.Shape);
        var (ia, ib) = (BroadcastIndex(a.Shape, shape), BroadcastIndex(b.Shape, shape));
        if (a.IsFloat || b.IsFloat)
        {
            var (fa, fb) = (a.AsFloats(), b.AsFloats());
            return OnnxTensor.Float([.. ia.Select((k, i) => f(fa[k], fb[ib[i]]))], shape);
        }
        return OnnxTensor.Integer(a.DataType, [.. ia.Select((k, i) => g(a.Integers![k], b.Integers![ib[i]]))], shape);
    }

    private static OnnxTensor Compare(OnnxTensor a, OnnxTensor b, string name, Func<double, double, bool> f)
    {
        var shape = Broadcast(name, a.Shape, b.Shape);
        var (ia, ib) = (BroadcastIndex(a.Shape, shape), BroadcastIndex(b.Shape, shape));
        double A(int k) => a.IsFloat ? a.Floats![k] : a.Integers![k];
        double B(int k) => b.IsFloat ? b.Floats![k] : b.Integers![k];
        return OnnxTensor.Bool([.. ia.Select((k, i) => f(A(k), B(ib[i])) ? 1L : 0L)], shape);
    }

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
