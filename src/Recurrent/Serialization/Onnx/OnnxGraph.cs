using Google.Protobuf;
using Recurrent.Serialization.Onnx.Proto;
using Recurrent.Tensors;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// Builds one ONNX graph: initializers (weights, constant shapes), nodes with generated output names, and graph inputs
/// and outputs whose dimensions are numbers or names ("batch", "steps": dynamic). <see cref="ToModel"/> wraps it in a
/// model of IR version 8 and the default domain at opset 17.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    public const long IrVersion = 8, Opset = 17;

    private readonly GraphProto _graph = new() { Name = name };
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>A float initializer of the given shape (PyTorch's row-major layout, as ONNX's).</summary>
    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Initializer(string name, Tensor value) =>
        Initializer(name, value.Span, [.. value.Shape.ToArray().Select(d => (long)d)]);

    /// <summary>An int64 initializer (shapes, axes, indices); a 1-D tensor unless <paramref name="scalar"/>.</summary>
    public string Int64s(string name, long[] values, bool scalar = false)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar) tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A node of the default domain; its outputs are named after <paramref name="name"/> unless given.</summary>
    public string[] Node(string op, string name, string[] inputs, int outputs = 1, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Claim(name) };
        node.Input.AddRange(inputs);
        for (int i = 0; i < outputs; i++) node.Output.Add(Claim(outputs == 1 ? name + "_out" : $"{name}_out{i}"));
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return [.. node.Output];
    }

    /// <summary>A one-output node.</summary>
    public string Op(string op, params string[] inputs) => Node(op, Fresh(op), inputs)[0];

    public string Op(string op, string[] inputs, params AttributeProto[] attributes) => Node(op, Fresh(op), inputs, 1, attributes)[0];

    /// <summary>A node whose one output gets a chosen name (a graph output).</summary>
    public void Named(string output, string op, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Claim(Fresh(op)) };
        node.Input.AddRange(inputs);
        node.Output.Add(Claim(output));
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>A graph input; each dimension is a number or a name (dynamic).</summary>
    public string Input(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(Claim(name), type, dims));
        return name;
    }

    /// <summary>Declares an existing value as a graph output.</summary>
    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) =>
        _graph.Output.Add(ValueInfo(name, type, dims));

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, params string[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    /// <summary>The model: this graph, IR 8, opset 17, with string metadata (vocabularies, labels, the config).</summary>
    public ModelProto ToModel(string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Recurrent",
            ProducerVersion = typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private string Fresh(string op) => $"{op}_{_counter++}";

    private string Claim(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"ONNX graph '{_graph.Name}': the name '{name}' is used twice.");
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d switch
            {
                string param => new TensorShapeProto.Types.Dimension { DimParam = param },
                int value => new TensorShapeProto.Types.Dimension { DimValue = value },
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                _ => throw new ArgumentException($"A dimension is a number or a name, not {d}."),
            });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
