using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Onnx.Tests;

/// <summary>Runs an ONNX file in ONNX Runtime: named inputs (float, int64 or int32 arrays with their shapes) → every output as floats.</summary>
internal static class OnnxRuntimeRun
{
    public static Dictionary<string, (float[] Values, int[] Shape)> Run(string path, params (string Name, Array Values, int[] Shape)[] inputs)
    {
        using var session = new InferenceSession(path);
        var values = inputs.Select(i => i.Values switch
        {
            float[] f => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(f, i.Shape)),
            long[] l => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<long>(l, i.Shape)),
            int[] n => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<int>(n, i.Shape)),
            _ => throw new ArgumentException($"Unsupported input type {i.Values.GetType()}"),
        }).ToList();
        using var results = session.Run(values);
        return results.ToDictionary(r => r.Name, r =>
        {
            var t = r.AsTensor<float>();
            return (t.ToArray(), t.Dimensions.ToArray());
        });
    }

    /// <summary>ONNX Runtime's values equal Recurrent's within 1e-5 relative (1e-5 absolute below 1).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-5f * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what}[{i}]: ONNX Runtime {actual[i]}, Recurrent {expected[i]} (tolerance {tolerance})");
        }
    }
}
