using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

/// <summary>A node's attributes by name, with the specification's defaults where absent.</summary>
internal static class Attributes
{
    private static AttributeProto? Find(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    public static long Int(NodeProto node, string name, long fallback) => Find(node, name) is { } a ? a.I : fallback;
    public static float Float(NodeProto node, string name, float fallback) => Find(node, name) is { } a ? a.F : fallback;
    public static string String(NodeProto node, string name, string fallback) => Find(node, name) is { } a ? a.S.ToStringUtf8() : fallback;
    public static long[] Ints(NodeProto node, string name) => Find(node, name) is { } a ? [.. a.Ints] : [];
    public static float[] Floats(NodeProto node, string name) => Find(node, name) is { } a ? [.. a.Floats] : [];
    public static string[] Strings(NodeProto node, string name) => Find(node, name) is { } a ? [.. a.Strings.Select(s => s.ToStringUtf8())] : [];
    public static TensorProto? Tensor(NodeProto node, string name) => Find(node, name)?.T;
    public static bool Has(NodeProto node, string name) => Find(node, name) is not null;

    /// <summary>A Constant node's value: value (a tensor), value_float(s) or value_int(s).</summary>
    public static OnnxTensor ConstantValue(NodeProto node, string name)
    {
        if (Tensor(node, "value") is { } t) return OnnxTensor.FromProto(t, name);
        if (Find(node, "value_float") is { } f) return OnnxTensor.Float([f.F]);
        if (Find(node, "value_floats") is { } fs) return OnnxTensor.Float([.. fs.Floats], fs.Floats.Count);
        if (Find(node, "value_int") is { } i) return OnnxTensor.Int64([i.I]);
        if (Find(node, "value_ints") is { } ints) return OnnxTensor.Int64([.. ints.Ints], ints.Ints.Count);
        throw new InvalidDataException($"node '{name}': a Constant without a value this importer reads (value, value_float(s), value_int(s)).");
    }
}
