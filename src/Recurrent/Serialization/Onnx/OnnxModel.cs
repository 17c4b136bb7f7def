using Google.Protobuf;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// An imported ONNX model, run by Recurrent: the recurrent nodes by its own layers (<see cref="OnnxRecurrentOp"/>), the
/// glue around them (<see cref="OnnxOps"/>) by the specification's rules. Loading checks everything it can before a
/// run: the file parses as an ONNX model, every node's operator is one Recurrent runs (else the node is named), every
/// initializer's data fits its shape. A run checks each input's element type and fixed dimensions.
/// </summary>
public sealed class OnnxModel
{
    private readonly GraphProto _graph;
    private readonly Dictionary<string, OnnxTensor> _initializers;
    private readonly string _source;

    private OnnxModel(ModelProto model, string source)
    {
        _source = source;
        _graph = model.Graph ?? throw new InvalidDataException($"{source}: an ONNX model without a graph.");
        Opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (Opset == 0) throw new InvalidDataException($"{source}: the model imports no version of the default ONNX operator set.");
        foreach (var node in _graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
                throw new UnsupportedOnnxException($"{source}: node '{node.Name}' is operator {node.Domain}.{node.OpType}, outside the default domain.");
            if (!OnnxOps.Supported.Contains(node.OpType))
                throw new UnsupportedOnnxException($"{source}: node '{node.Name}' is operator {node.OpType}, which this importer does not run.");
        }
        _initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (var t in _graph.Initializer)
            if (!_initializers.TryAdd(t.Name, OnnxTensor.FromProto(t, source)))
                throw new InvalidDataException($"{source}: initializer '{t.Name}' appears twice.");
        Inputs = [.. _graph.Input.Select(i => i.Name).Where(n => !_initializers.ContainsKey(n))];
        Outputs = [.. _graph.Output.Select(o => o.Name)];
    }

    /// <summary>The default domain's operator-set version the model imports.</summary>
    public long Opset { get; }

    /// <summary>The inputs a run must be given (graph inputs that are not initializers), in the graph's order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Reads an ONNX file; a file that is not one is a one-line error naming it.</summary>
    public static OnnxModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    public static OnnxModel Parse(byte[] bytes, string source)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: not an ONNX file (protobuf: {e.Message.Split('\n')[0]})");
        }
        if (model.Graph is null || model.IrVersion <= 0) throw new InvalidDataException($"{source}: not an ONNX model (no IR version or graph).");
        return new OnnxModel(model, source);
    }

    /// <summary>Runs the graph on the named inputs and returns every graph output.</summary>
    public Dictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> inputs)
    {
        var values = new Dictionary<string, OnnxTensor>(_initializers, StringComparer.Ordinal);
        foreach (var declared in _graph.Input)
        {
            if (!inputs.TryGetValue(declared.Name, out var value))
            {
                if (_initializers.ContainsKey(declared.Name)) continue;
                throw new ArgumentException($"{_source}: input '{declared.Name}' is not given.");
            }
            Check(declared, value);
            values[declared.Name] = value;
        }
        foreach (var name in inputs.Keys)
            if (_graph.Input.All(i => i.Name != name)) throw new ArgumentException($"{_source}: the model has no input '{name}' (inputs: {string.Join(", ", Inputs)}).");
        foreach (var node in _graph.Node)
        {
            var x = node.Input.Select(n => n.Length == 0 ? null
                : values.TryGetValue(n, out var v) ? v : throw new InvalidDataException($"{_source}: node '{node.Name}' reads '{n}', which nothing before it computes.")).ToArray();
            OnnxTensor?[] y;
            try { y = OnnxOps.Run(node, x, Opset); }
            catch (InvalidDataException e) when (!e.Message.StartsWith(_source, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{_source}: {e.Message}");
            }
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i].Length > 0 && i < y.Length && y[i] is { } value) values[node.Output[i]] = value;
        }
        return Outputs.ToDictionary(o => o, o => values.TryGetValue(o, out var v) ? v
            : throw new InvalidDataException($"{_source}: output '{o}' is not computed by any node."));
    }

    private void Check(ValueInfoProto declared, OnnxTensor value)
    {
        if (declared.Type?.TensorType is not { } type) return;
        if (type.ElemType != 0 && type.ElemType != value.DataType && !(type.ElemType is 1 or 11 && value.IsFloat))
            throw new ArgumentException($"{_source}: input '{declared.Name}' is of element type {(TensorProto.Types.DataType)type.ElemType}, given {(TensorProto.Types.DataType)value.DataType}.");
        if (type.Shape is not { } shape) return;
        bool fits = shape.Dim.Count == value.Rank && shape.Dim.Select((d, i) =>
            d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue == value.Shape[i]).All(ok => ok);
        if (!fits)
            throw new ArgumentException($"{_source}: input '{declared.Name}' has shape {value.ShapeString}, the model expects " +
                $"({string.Join(", ", shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString() : d.DimParam.Length > 0 ? d.DimParam : "?"))}).");
    }
}
