using System.Diagnostics;
using System.Runtime.InteropServices;
using Recurrent.Kernels;
using Recurrent.Serialization;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Kernels;

/// <summary>
/// The promise of <see cref="VectorWidth"/> end to end: `rnn train` run in two processes, one with the kernels forced
/// to 256 bits and one to 512, ends with the same weights bit for bit. (On a CPU without AVX-512 both runs take the
/// 256-bit path and the test shows only that a run is reproducible.)
/// </summary>
public sealed class WidthEndToEndTests : TempDirectoryTest
{
    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void A_model_trained_at_256_and_at_512_bits_has_the_same_weights(string cell)
    {
        var text = WriteFile("t.txt", LanguageModelTrainingTests.Text);
        var narrow = Train(cell, text, 256);
        var wide = Train(cell, text, 512);
        Assert.Equal(narrow.Keys.Order(), wide.Keys.Order());
        foreach (var (name, value) in narrow)
            Assert.True(MemoryMarshal.AsBytes(value.Span).SequenceEqual(MemoryMarshal.AsBytes(wide[name].Span)), $"{name} differs between 256 and 512 bits");
    }

    // hidden 40: 8×32 tiles and edge tiles in every product, 16-lane bodies, 8-lane remainders and scalar tails in the gates.
    private IReadOnlyDictionary<string, Recurrent.Tensors.Tensor> Train(string cell, string text, int bits)
    {
        string output = PathOf($"{cell}-{bits}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rnn.dll"), "train", "--text", text, "--out", output,
                     "--cell", cell, "--steps", "6", "--eval-interval", "3", "--hidden", "40", "--embedding", "24", "--batch", "9", "--seq-len", "16" })
            start.ArgumentList.Add(arg);
        start.Environment[VectorWidth.EnvironmentVariable] = bits.ToString();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return SafeTensors.Load(Path.Combine(output, "checkpoint.safetensors")).Tensors;
    }
}
