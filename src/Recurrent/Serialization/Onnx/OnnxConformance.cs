using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

/// <summary>
/// Runs test cases in ONNX's own layout (<c>model.onnx</c>, <c>test_data_set_N/input_K.pb</c> and <c>output_K.pb</c>, each
/// a serialized TensorProto; input K is the graph's K-th input that is not an initializer, output K its K-th output)
/// with <see cref="OnnxModel"/>, and compares with ONNX's own tolerance (its backend tests': |a − b| ≤ 1e-7 + 1e-3·|b|).
/// A case is passed, failed (a wrong value or an error), or refused (<see cref="UnsupportedOnnxException"/>: outside
/// PyTorch's semantics).
/// </summary>
public static class OnnxConformance
{
    public const double RelativeTolerance = 1e-3, AbsoluteTolerance = 1e-7;

    /// <summary>One case's outcome: "passed", "failed" or "refused", and a detail (the largest difference, or why).</summary>
    public sealed record Outcome(string Name, string Result, string Detail);

    /// <summary>The case folders under each path: the path itself if it holds model.onnx, else the folders below it that do.</summary>
    public static IReadOnlyList<string> Cases(IEnumerable<string> paths)
    {
        var cases = new List<string>();
        foreach (var path in paths)
        {
            if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such folder.");
            if (File.Exists(Path.Combine(path, "model.onnx"))) cases.Add(path);
            else cases.AddRange(Directory.EnumerateFiles(path, "model.onnx", SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!).Order(StringComparer.Ordinal));
        }
        return cases;
    }

    public static Outcome Run(string folder)
    {
        string name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        try
        {
            var model = OnnxModel.Load(Path.Combine(folder, "model.onnx"));
            var sets = Directory.EnumerateDirectories(folder, "test_data_set_*").Order(StringComparer.Ordinal).ToList();
            if (sets.Count == 0) return new Outcome(name, "failed", "no test_data_set_N folder");
            double largest = 0;
            foreach (var set in sets)
            {
                var inputs = new Dictionary<string, OnnxTensor>();
                for (int k = 0; File.Exists(Path.Combine(set, $"input_{k}.pb")); k++)
                {
                    if (k >= model.Inputs.Count) return new Outcome(name, "failed", $"{Path.GetFileName(set)}/input_{k}.pb has no graph input");
                    inputs[model.Inputs[k]] = Read(Path.Combine(set, $"input_{k}.pb"));
                }
                var outputs = model.Run(inputs);
                for (int k = 0; File.Exists(Path.Combine(set, $"output_{k}.pb")); k++)
                {
                    var expected = Read(Path.Combine(set, $"output_{k}.pb"));
                    string output = model.Outputs[k];
                    var actual = outputs[output];
                    if (!actual.Shape.SequenceEqual(expected.Shape))
                        return new Outcome(name, "failed", $"output '{output}' has shape {actual.ShapeString}, expected {expected.ShapeString}");
                    var (a, e) = (actual.AsFloats(), expected.AsFloats());
                    for (int i = 0; i < a.Length; i++)
                    {
                        double difference = Math.Abs(a[i] - e[i]);
                        largest = Math.Max(largest, difference);
                        if (!(difference <= AbsoluteTolerance + RelativeTolerance * Math.Abs(e[i])))
                            return new Outcome(name, "failed", $"output '{output}'[{i}] = {a[i]}, expected {e[i]}");
                    }
                }
            }
            return new Outcome(name, "passed", $"largest difference {largest:E2}");
        }
        catch (UnsupportedOnnxException e) { return new Outcome(name, "refused", e.Message); }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
        {
            return new Outcome(name, "failed", e.Message);
        }
    }

    private static OnnxTensor Read(string path)
    {
        try { return OnnxTensor.FromProto(TensorProto.Parser.ParseFrom(File.ReadAllBytes(path)), path); }
        catch (Google.Protobuf.InvalidProtocolBufferException e) { throw new InvalidDataException($"{path}: not a serialized TensorProto ({e.Message})"); }
    }
}
