using System.Text;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Tests.Serialization;

/// <summary>safetensors files: round trips, PyTorch's files, and every kind of broken file named in the error.</summary>
public sealed class SafeTensorsTests : TempDirectoryTest
{

    [Fact]
    public void A_saved_layer_loads_into_a_fresh_one_and_computes_the_same()
    {
        var gru = new Gru(4, 6, numLayers: 2, bidirectional: true, rng: new Rng(1));
        gru.Save(PathOf("gru.safetensors"), new Dictionary<string, string> { ["kind"] = "GRU" });
        var copy = new Gru(4, 6, numLayers: 2, bidirectional: true, rng: new Rng(2));
        copy.Load(PathOf("gru.safetensors"));
        var x = TestData.Gaussian(new Rng(3), 5, 2, 4);
        Assert.Equal(gru.Forward(x).Output.Span.ToArray(), copy.Forward(x).Output.Span.ToArray());
        Assert.Equal("GRU", SafeTensors.Load(PathOf("gru.safetensors")).Metadata["kind"]);
    }

    [Fact]
    public void Header_is_padded_to_a_multiple_of_eight_and_data_follows_in_order()
    {
        SafeTensors.Save(PathOf("t.safetensors"), [("a", Tensor.FromArray([1f, 2f, 3f], 3)), ("b", Tensor.FromArray([4f], 1, 1))]);
        var bytes = File.ReadAllBytes(PathOf("t.safetensors"));
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal(8 + n + 16, bytes.Length);
        Assert.Equal(4f, BitConverter.ToSingle(bytes, (int)(8 + n + 12)));
        var loaded = SafeTensors.Load(PathOf("t.safetensors"));
        Assert.Equal([1, 1], loaded.Tensors["b"].Shape.ToArray());
    }

    [Fact]
    public void A_PyTorch_fixture_loads_into_a_layer_by_name()
    {
        var lstm = new Lstm(11, 4, numLayers: 2, bidirectional: true);
        lstm.Load(Path.Combine(TestData.FixtureDirectory, "case058.safetensors"));   // LSTM I=11 H=4 L=2 D=2
        var file = SafeTensors.Load(Path.Combine(TestData.FixtureDirectory, "case058.safetensors"));
        Assert.Equal(file.Tensors["weight_hh_l1_reverse"].Span.ToArray(), lstm.StateDict()["weight_hh_l1_reverse"].Span.ToArray());
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        var gru = new Gru(2, 3);
        SafeTensors.Save(PathOf("m.safetensors"), gru.Parameters.Where(p => p.Name != "bias_hh_l0").Select(p => (p.Name, p.Value)));
        var e = Assert.Throws<InvalidDataException>(() => new Gru(2, 3).Load(PathOf("m.safetensors")));
        Assert.Contains("missing parameter(s) bias_hh_l0", e.Message);
        Assert.Contains("m.safetensors", e.Message);
    }

    [Fact]
    public void A_misshaped_tensor_is_named_with_both_shapes()
    {
        new Gru(2, 3).Save(PathOf("s.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => new Gru(2, 4).Load(PathOf("s.safetensors")));
        Assert.Contains("weight_ih_l0 has shape (9, 2), expected (12, 2)", e.Message);
    }

    [Fact]
    public void Strict_loading_names_unexpected_keys()
    {
        new Gru(2, 3, numLayers: 2).Save(PathOf("x.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => new Gru(2, 3).Load(PathOf("x.safetensors"), strict: true));
        Assert.Contains("unexpected key(s) weight_ih_l1", e.Message);
    }

    [Fact]
    public void Truncated_file_is_reported()
    {
        new Lstm(3, 4).Save(PathOf("full.safetensors"));
        var bytes = File.ReadAllBytes(PathOf("full.safetensors"));
        File.WriteAllBytes(PathOf("cut.safetensors"), bytes[..(bytes.Length - 10)]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(PathOf("cut.safetensors")));
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(PathOf("tiny.safetensors"), bytes[..5]);
        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(PathOf("tiny.safetensors"))).Message);
    }

    [Fact]
    public void A_text_file_is_not_a_safetensors_file()
    {
        File.WriteAllText(PathOf("notes.safetensors"), "This is not a tensor file, just some notes.");
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(PathOf("notes.safetensors")));
        Assert.Contains("notes.safetensors", e.Message);
    }

    [Fact]
    public void Malformed_header_json_is_reported()
    {
        var json = Encoding.UTF8.GetBytes("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]");
        var bytes = BitConverter.GetBytes((long)json.Length).Concat(json).Concat(new byte[8]).ToArray();
        File.WriteAllBytes(PathOf("bad.safetensors"), bytes);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => SafeTensors.Load(PathOf("bad.safetensors"))).Message);
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_leaves_no_temporary()
    {
        var gru = new Gru(2, 3);
        gru.Save(PathOf("a.safetensors"));
        gru.Save(PathOf("a.safetensors"));
        Assert.Equal(["a.safetensors"], Directory.GetFiles(TempDirectory).Select(Path.GetFileName));
    }
}
