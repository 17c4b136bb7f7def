using Recurrent.Serialization.Onnx.Proto;
using static Recurrent.Serialization.Onnx.OnnxShapes;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// The glue operators PyTorch's exporter emits around recurrent nodes, evaluated on <see cref="OnnxTensor"/>s with the
/// ONNX specification's semantics (opset 9 to 17: axes as attributes before 13, as inputs from 13). Plain loops: these
/// ops move shapes and small tensors; the recurrent nodes (<see cref="OnnxRecurrentOp"/>) do the arithmetic.
/// </summary>
internal static partial class OnnxOps
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
}
