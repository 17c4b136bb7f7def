using Recurrent.Interop;

namespace Recurrent.Tests.Interop;

/// <summary>The PyTorch 1.13.1 reference cases (fixtures/torch-rnn, README inside): forward and every gradient.</summary>
public sealed class TorchFixtureTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestData.FixtureDirectory, "*.safetensors").OrderBy(f => f)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void All_eighty_reference_cases_are_present() => Assert.Equal(80, Cases().Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_PyTorch_within_tolerance(string file)
    {
        var result = TorchConformance.RunCase(Path.Combine(TestData.FixtureDirectory, file));
        Assert.True(result.Passed, $"{file} {result.Configuration}: {result.Error ?? $"max |diff| {result.LargestDifference:G3} in {result.WorstTensor}"}");
    }

    [Fact]
    public void A_wrong_result_is_reported_as_a_failure()
    {
        var (ratio, diff) = TorchConformance.Compare([1f, 2f, 3.01f], [1f, 2f, 3f]);
        Assert.True(ratio > 1);
        Assert.Equal(0.01, diff, 4);
        Assert.True(TorchConformance.Compare([float.NaN], [0f]).Ratio > 1);
    }
}

public sealed class TorchFixtureTamperingTests
{
    [Theory]
    [InlineData("output")]
    [InlineData("grad.weight_hh_l0")]
    public void A_case_with_one_altered_reference_value_fails(string tensor)
    {
        var source = Path.Combine(TestData.FixtureDirectory, "case000.safetensors");
        var file = Recurrent.Serialization.SafeTensors.Load(source);
        file.Tensors[tensor].Span[0] += 1e-2f;
        var path = Path.Combine(Path.GetTempPath(), $"tampered-{Guid.NewGuid():N}.safetensors");
        try
        {
            Recurrent.Serialization.SafeTensors.Save(path, file.Tensors.Select(kv => (kv.Key, kv.Value)), file.Metadata);
            var result = TorchConformance.RunCase(path);
            Assert.False(result.Passed);
            Assert.Equal(tensor, result.WorstTensor);
        }
        finally { File.Delete(path); }
    }
}
