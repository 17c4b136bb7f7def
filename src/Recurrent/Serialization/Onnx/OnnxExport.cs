using Google.Protobuf;
using Recurrent.Layers;
using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// Writes a task model as ONNX (IR 8, opset 17) with the standard <c>LSTM</c>/<c>GRU</c>/<c>RNN</c> operators, one node
/// per layer (<see cref="OnnxRecurrent"/>), time-major like the models: inputs (steps, batch, ...). Each task's graph,
/// its inputs and outputs are described in its own file (<c>OnnxExport.*.cs</c>) and in docs/interop.md.
/// </summary>
public static partial class OnnxExport
{
    private const TensorProto.Types.DataType Float = TensorProto.Types.DataType.Float;
    private const TensorProto.Types.DataType Int64 = TensorProto.Types.DataType.Int64;
    private const TensorProto.Types.DataType Int32 = TensorProto.Types.DataType.Int32;

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> (a seq2seq model to two files beside it, the encoder and
    /// the one-step decoder) and returns the files written. <paramref name="metadata"/> (the checkpoint's: vocabulary,
    /// labels, scaling) is kept in the model's metadata_props, so a server has what it needs to encode inputs.
    /// </summary>
    public static IReadOnlyList<string> Write(Module model, string path, OnnxExportOptions? options = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        options ??= new OnnxExportOptions();
        metadata ??= new Dictionary<string, string>();
        var models = Graphs(model, options, metadata);
        var written = new List<string>();
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        foreach (var (suffix, proto) in models)
        {
            string file = suffix == "" ? path : Path.ChangeExtension(path, null) + suffix + ".onnx";
            AtomicFile.Write(file, proto.ToByteArray());
            written.Add(file);
        }
        return written;
    }

    /// <summary>The graphs of a model, each with the suffix of its file ("" for a single graph).</summary>
    internal static IReadOnlyList<(string Suffix, ModelProto Model)> Graphs(Module model, OnnxExportOptions options,
        IReadOnlyDictionary<string, string> metadata) => model switch
    {
        LanguageModel lm => [("", LanguageModel(lm, options, metadata))],
        Models.Classification.SequenceClassifier classifier => [("", Classifier(classifier, options, metadata))],
        Models.Tagging.SequenceTagger tagger => [("", Tagger(tagger, options, metadata))],
        Models.Forecasting.Forecaster forecaster => [("", Forecaster(forecaster, options, metadata))],
        Models.Seq2Seq.Seq2SeqModel seq2seq => [(".encoder", Seq2SeqEncoder(seq2seq, metadata)), (".decoder", Seq2SeqDecoder(seq2seq, metadata))],
        _ => throw new ArgumentException($"ONNX export does not know models of type {model.GetType().Name}."),
    };

    /// <summary>The optional inputs of a graph: sequence lengths and initial states, by the options.</summary>
    private static (string? Lengths, string? H0, string? C0) OptionalInputs(OnnxGraph g, OnnxExportOptions options,
        RecurrentMode mode, int stateRows, int hidden, bool stateful)
    {
        string? lengths = options.SequenceLengths ? g.Input("sequence_lens", Int32, "batch") : null;
        if (!(options.InitialState && stateful)) return (lengths, null, null);
        string h0 = g.Input("initial_h", Float, stateRows, "batch", hidden);
        string? c0 = mode == RecurrentMode.Lstm ? g.Input("initial_c", Float, stateRows, "batch", hidden) : null;
        return (lengths, h0, c0);
    }

    /// <summary>x (..., in) · Wᵀ + b for a PyTorch Linear's weight (out, in) and bias.</summary>
    private static string Linear(OnnxGraph g, IReadOnlyDictionary<string, Tensors.Tensor> state, string prefix, string x)
    {
        string y = MatMulTransposed(g, state, $"{prefix}.weight", x);
        return state.TryGetValue($"{prefix}.bias", out var bias) ? g.Op("Add", y, g.Initializer($"{prefix}.bias", bias)) : y;
    }

    /// <summary>The final states as graph outputs <c>hidden</c> (and <c>cell</c>), (rows, batch, H).</summary>
    private static void StateOutputs(OnnxGraph g, OnnxRecurrent.Outputs r, int rows, int hidden)
    {
        g.Named("hidden", "Identity", [r.Hidden]);
        g.Output("hidden", Float, rows, "batch", hidden);
        if (r.Cell is null) return;
        g.Named("cell", "Identity", [r.Cell]);
        g.Output("cell", Float, rows, "batch", hidden);
    }

    /// <summary>A one-line description of an ONNX file's inputs and outputs: "tokens int64 (steps, batch) → logits float (steps, batch, 65), ...".</summary>
    public static string Signature(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        static string Describe(ValueInfoProto v) =>
            $"{v.Name} {((TensorProto.Types.DataType)v.Type.TensorType.ElemType).ToString().ToLowerInvariant()} " +
            $"({string.Join(", ", v.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : d.DimValue.ToString()))})";
        return $"{string.Join(", ", model.Graph.Input.Select(Describe))} → {string.Join(", ", model.Graph.Output.Select(Describe))}";
    }
}
