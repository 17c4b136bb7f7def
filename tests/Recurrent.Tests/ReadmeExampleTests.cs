using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Tests;

/// <summary>The README's API example, verbatim in spirit, so the documentation cannot drift from the code.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_readme_example_runs_and_gives_the_shapes_it_promises()
    {
        var lstm = new Lstm(inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true, bidirectional: true);
        var x = Tensor.Zeros(3, 5, 10);
        var (output, hn, cn) = lstm.Forward(x, lengths: [5, 2, 4]);
        var grads = lstm.Backward(dOutput: output);
        Assert.True(output.HasShape(3, 5, 40));
        Assert.True(hn.HasShape(4, 3, 20));
        Assert.True(cn!.HasShape(4, 3, 20));
        Assert.True(grads.Input.HasShape(3, 5, 10));
        Assert.Equal("weight_ih_l0 (80, 10)", $"{lstm.Parameters[0].Name} {lstm.Parameters[0].Value.ShapeString}");
        var path = Path.Combine(Path.GetTempPath(), $"lstm-{Guid.NewGuid():N}.safetensors");
        lstm.Save(path);
        try
        {
            // The file holds every parameter under its PyTorch name with its values, and loads back into a fresh layer.
            var file = SafeTensors.Load(path);
            Assert.Equal(lstm.Parameters.Select(p => p.Name).Order(), file.Tensors.Keys.Order());
            foreach (var p in lstm.Parameters) Assert.Equal(p.Value.Span.ToArray(), file.Tensors[p.Name].Span.ToArray());
            var copy = new Lstm(inputSize: 10, hiddenSize: 20, numLayers: 2, batchFirst: true, bidirectional: true, rng: new Rng(99));
            copy.Load(path, strict: true);
            Assert.Equal(output.Span.ToArray(), copy.Forward(x, lengths: [5, 2, 4]).Output.Span.ToArray());
        }
        finally { File.Delete(path); }
    }
}
