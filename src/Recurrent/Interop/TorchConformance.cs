using System.Globalization;
using System.Text.Json;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Interop;

/// <summary>
/// Runs PyTorch reference cases (format: tests/Recurrent.Tests/fixtures/torch-rnn/README.md): builds the layer
/// from a case's metadata, loads its weights, runs forward and backward with the case's loss
/// L = Σ output ⊙ R + Σ h_n ⊙ Rh (+ Σ c_n ⊙ Rc), and compares every stored result and gradient.
/// Pass: |ours − ref| ≤ 1e-4 + 1e-4·|ref| for every element.
/// </summary>
public static class TorchConformance
{
    public const double AbsoluteTolerance = 1e-4, RelativeTolerance = 1e-4;

    public static IReadOnlyList<ConformanceResult> RunDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such directory.");
        var files = Directory.GetFiles(directory, "*.safetensors").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new FileNotFoundException($"{directory}: no *.safetensors cases found.");
        return files.Select(RunCase).ToList();
    }

    public static ConformanceResult RunCase(string path)
    {
        string name = Path.GetFileName(path);
        string configuration = "?";
        try
        {
            var file = SafeTensors.Load(path);
            var m = file.Metadata;
            var mode = RecurrentModeExtensions.ParseTorchName(Meta(m, "kind", path));
            int inputSize = MetaInt(m, "input_size", path), hidden = MetaInt(m, "hidden_size", path), layers = MetaInt(m, "num_layers", path);
            bool bidirectional = MetaBool(m, "bidirectional", path), bias = MetaBool(m, "bias", path);
            string lengthsText = Meta(m, "lengths", path);
            int[]? lengths = lengthsText.Length == 0 ? null : JsonSerializer.Deserialize<int[]>(lengthsText);
            var t = file.Tensors;
            bool hasH0 = t.ContainsKey("h0");
            configuration = $"{mode.TorchName(),-8} I={inputSize} H={hidden} L={layers} D={(bidirectional ? 2 : 1)} B={MetaInt(m, "batch", path)} T={MetaInt(m, "steps", path)}"
                + $"{(bias ? "" : " no-bias")}{(hasH0 ? " h0" : "")}{(lengths is null ? "" : " lengths=" + string.Join(",", lengths))}";

            var layer = RecurrentLayer.Create(mode, inputSize, hidden, layers, bias, batchFirst: true, bidirectional: bidirectional);
            layer.LoadStateDict(t, strict: false, source: path);
            bool lstm = mode == RecurrentMode.Lstm;

            var result = layer.Forward(Get(t, "x", path), hasH0 ? Get(t, "h0", path) : null, hasH0 && lstm ? Get(t, "c0", path) : null, lengths);
            layer.ZeroGrad();
            var grads = layer.Backward(Get(t, "R", path), Get(t, "Rh", path), lstm ? Get(t, "Rc", path) : null);

            var comparisons = new List<(string, Tensor)> { ("output", result.Output), ("h_n", result.HiddenState), ("grad.x", grads.Input) };
            if (lstm) comparisons.Add(("c_n", result.CellState!));
            if (hasH0) comparisons.Add(("grad.h0", grads.InitialHidden));
            if (hasH0 && lstm) comparisons.Add(("grad.c0", grads.InitialCell!));
            comparisons.AddRange(layer.Parameters.Select(p => ("grad." + p.Name, p.Grad)));

            double worstRatio = 0, largest = -1;
            string worst = "-";
            foreach (var (key, ours) in comparisons)
            {
                var reference = Get(t, key, path);
                if (!reference.HasShape(ours.Shape.ToArray()))
                    throw new InvalidDataException($"{path}: tensor {key} has shape {reference.ShapeString}, ours is {ours.ShapeString}.");
                var (ratio, diff) = Compare(ours.Span, reference.Span);
                if (!(diff <= largest)) (largest, worst) = (diff, key);
                worstRatio = Math.Max(worstRatio, ratio);
            }
            return new ConformanceResult(name, configuration, worstRatio <= 1, largest, worst);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or JsonException or FormatException)
        {
            return new ConformanceResult(name, configuration, false, double.NaN, "-", e.Message);
        }
    }

    /// <summary>Largest |a − r| / (atol + rtol·|r|) (≤ 1 passes; NaN fails) and largest |a − r|.</summary>
    public static (double Ratio, double Difference) Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> reference)
    {
        double ratio = 0, difference = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = Math.Abs((double)actual[i] - reference[i]);
            if (double.IsNaN(d)) return (double.PositiveInfinity, double.NaN);
            difference = Math.Max(difference, d);
            ratio = Math.Max(ratio, d / (AbsoluteTolerance + RelativeTolerance * Math.Abs(reference[i])));
        }
        return (ratio, difference);
    }

    private static Tensor Get(IReadOnlyDictionary<string, Tensor> tensors, string key, string path) =>
        tensors.TryGetValue(key, out var t) ? t : throw new InvalidDataException($"{path}: missing tensor '{key}'.");

    private static string Meta(IReadOnlyDictionary<string, string> m, string key, string path) =>
        m.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: metadata lacks '{key}'.");

    private static int MetaInt(IReadOnlyDictionary<string, string> m, string key, string path) =>
        int.TryParse(Meta(m, key, path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new InvalidDataException($"{path}: metadata '{key}' = '{m[key]}' is not a positive integer.");

    private static bool MetaBool(IReadOnlyDictionary<string, string> m, string key, string path) => Meta(m, key, path) switch
    {
        "True" => true,
        "False" => false,
        var v => throw new InvalidDataException($"{path}: metadata '{key}' = '{v}' is neither True nor False."),
    };
}
