using System.Buffers.Binary;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// A value of an imported ONNX graph: a shape and row-major data, either floats (FLOAT, DOUBLE read as float) or
/// integers (INT64, INT32, BOOL and the smaller integer types, kept as long with their ONNX type remembered).
/// </summary>
public sealed class OnnxTensor
{
    private OnnxTensor(int dataType, long[] shape, float[]? floats, long[]? integers)
    {
        (DataType, Shape, Floats, Integers) = (dataType, shape, floats, integers);
        long count = 1;
        foreach (long d in shape) count = d < 0 ? throw new InvalidDataException($"Negative dimension in shape ({string.Join(", ", shape)}).") : count * d;
        if ((floats?.Length ?? integers!.Length) != count)
            throw new InvalidDataException($"A tensor of shape ({string.Join(", ", shape)}) holds {floats?.Length ?? integers!.Length} values.");
    }

    /// <summary>The ONNX element type (TensorProto.DataType: 1 float, 6 int32, 7 int64, 9 bool...).</summary>
    public int DataType { get; }
    public long[] Shape { get; }
    public float[]? Floats { get; }
    public long[]? Integers { get; }
    public bool IsFloat => Floats is not null;
    public int Rank => Shape.Length;
    public int Count => Floats?.Length ?? Integers!.Length;
    public string ShapeString => "(" + string.Join(", ", Shape) + ")";

    public static OnnxTensor Float(float[] values, params long[] shape) => new((int)TensorProto.Types.DataType.Float, shape, values, null);
    public static OnnxTensor Int64(long[] values, params long[] shape) => new((int)TensorProto.Types.DataType.Int64, shape, null, values);
    public static OnnxTensor Int32(long[] values, params long[] shape) => new((int)TensorProto.Types.DataType.Int32, shape, null, values);
    public static OnnxTensor Bool(long[] values, params long[] shape) => new((int)TensorProto.Types.DataType.Bool, shape, null, values);

    /// <summary>Integers of a given ONNX type.</summary>
    internal static OnnxTensor Integer(int dataType, long[] values, long[] shape) => new(dataType, shape, null, values);

    /// <summary>The same data with another shape (of the same count).</summary>
    internal OnnxTensor WithShape(long[] shape) => new(DataType, shape, Floats, Integers);

    /// <summary>The value as floats (integers converted).</summary>
    public float[] AsFloats() => Floats ?? [.. Integers!.Select(v => (float)v)];

    /// <summary>The value as integers (floats truncated, as ONNX's Cast does).</summary>
    public long[] AsIntegers() => Integers ?? [.. Floats!.Select(v => (long)v)];

    private static readonly int[] IntegerTypes = [2, 3, 4, 5, 6, 7, 9, 12, 13];

    /// <summary>
    /// A TensorProto's value; every size is checked against the bytes present before anything is allocated, and a type
    /// Recurrent does not read (strings, float16, external data) is a one-line error naming the tensor.
    /// </summary>
    internal static OnnxTensor FromProto(TensorProto proto, string source)
    {
        string what = $"{source}: tensor '{proto.Name}'";
        if (proto.DataLocation != 0 || proto.ExternalData.Count > 0) throw new InvalidDataException($"{what} keeps its data in an external file, which is not supported.");
        var shape = proto.Dims.ToArray();
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new InvalidDataException($"{what} has a negative dimension in ({string.Join(", ", shape)}).");
            count = d == 0 ? 0 : count > int.MaxValue / d ? throw new InvalidDataException($"{what}: shape ({string.Join(", ", shape)}) is too large.") : count * d;
        }
        int n = (int)count, type = proto.DataType;
        var raw = proto.RawData.Span;
        int width = type switch { 1 => 4, 11 => 8, 7 or 13 => 8, 6 or 12 => 4, 5 or 4 => 2, 2 or 3 or 9 => 1, _ => 0 };
        if (width == 0) throw new InvalidDataException($"{what} has element type {type} ({(TensorProto.Types.DataType)type}), which is not supported.");
        int present = raw.Length > 0 ? raw.Length / width : type switch
        {
            1 => proto.FloatData.Count, 11 => proto.DoubleData.Count, 7 => proto.Int64Data.Count, 12 or 13 => proto.Uint64Data.Count,
            _ => proto.Int32Data.Count,
        };
        if ((raw.Length > 0 && raw.Length != (long)n * width) || (raw.Length == 0 && present != n))
            throw new InvalidDataException($"{what} of shape ({string.Join(", ", shape)}) needs {n} values, the file holds {(raw.Length > 0 ? raw.Length + " bytes" : present + " values")}.");
        if (type is 1 or 11)
        {
            var floats = new float[n];
            for (int i = 0; i < n; i++)
                floats[i] = raw.Length > 0
                    ? (type == 1 ? BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]))
                    : (type == 1 ? proto.FloatData[i] : (float)proto.DoubleData[i]);
            return new OnnxTensor(1, shape, floats, null);
        }
        if (!IntegerTypes.Contains(type)) throw new InvalidDataException($"{what} has element type {type}, which is not supported.");
        var integers = new long[n];
        for (int i = 0; i < n; i++)
            integers[i] = raw.Length == 0
                ? (type == 7 ? proto.Int64Data[i] : type is 12 or 13 ? (long)proto.Uint64Data[i] : proto.Int32Data[i])
                : width switch
                {
                    8 => BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]),
                    4 => type == 12 ? BinaryPrimitives.ReadUInt32LittleEndian(raw[(i * 4)..]) : BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]),
                    2 => type == 4 ? BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]) : BinaryPrimitives.ReadInt16LittleEndian(raw[(i * 2)..]),
                    _ => type == 3 ? (sbyte)raw[i] : raw[i],
                };
        return new OnnxTensor(type, shape, null, integers);
    }
}
