using System.Buffers.Binary;
using System.Text;
using Recurrent.Models;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Tests.Reliability;

/// <summary>Files made to break the readers, each refused with an <see cref="InvalidDataException"/> that names the problem.</summary>
[Collection("console")]
public sealed class HostileFileTests : TempDirectoryTest
{
    /// <summary>A safetensors file with this JSON header and these data bytes.</summary>
    private static byte[] SafeTensorsFile(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "appears twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlaps")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "belong to no tensor")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8, "the tensors cover 4")]
    [InlineData("""{"a":{"dtype":"F32","shape":[65536,65536,65536,65536],"data_offsets":[0,4]}}""", 4, "too many elements")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":"v","k":"w"}}""", 4, "'k' appears twice")]
    [InlineData("""{"__metadata__":{"k":"\ud800"}}""", 0, "not valid UTF-8")]
    public void A_safetensors_file_whose_header_lies_is_refused_naming_the_lie(string header, int dataBytes, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Parse(SafeTensorsFile(header, dataBytes), "x.safetensors"));
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("x.safetensors: ", e.Message);
    }

    private string Checkpoint() => Cli.CliRun.TrainTinyLanguageModel(TempDirectory, steps: 1);

    /// <summary>The checkpoint with one metadata entry replaced.</summary>
    private string Edited(string path, string key, Func<string, string> edit)
    {
        var file = SafeTensors.Load(path);
        var metadata = new Dictionary<string, string>(file.Metadata) { [key] = edit(file.Metadata[key]) };
        string copy = PathOf($"edited-{key}.safetensors");
        SafeTensors.Save(copy, file.Tensors.Select(kv => (kv.Key, kv.Value)), metadata);
        return copy;
    }

    [Fact]
    public void A_checkpoint_whose_configuration_asks_for_billions_of_parameters_is_refused_before_allocating_them()
    {
        string path = Checkpoint();
        foreach (var (field, value) in new[] { ("layers", "2147483647"), ("hidden_size", "100000"), ("vocab_size", "2000000000") })
        {
            string edited = Edited(path, "model_config", json => System.Text.RegularExpressions.Regex.Replace(json, $"\"{field}\":\\d+", $"\"{field}\":{value}"));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Record.Exception(() => { var (kind, c) = TaskRegistry.Open(edited); kind.OpenModel(c, edited); });
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(e is InvalidDataException, $"{field} = {value}: {e?.GetType().Name}: {e?.Message}");
            Assert.StartsWith(edited, e!.Message);
            Assert.True(allocated < 64L << 20, $"{field} = {value}: {allocated:N0} bytes allocated before the refusal");
        }
    }

    [Theory]
    [InlineData("model_config", "{\"cell\":null}", "model_config")]
    [InlineData("model_config", "[1,2", "model_config")]
    [InlineData("model_config", "{\"cell\":\"lstm\",\"vocab_size\":0}", "model_config")]
    [InlineData("vocabulary", "not json", "vocabulary")]
    [InlineData("task_config", "{\"seq_len\":\"x\"}", "task_config")]
    public void A_checkpoint_with_nonsense_in_its_metadata_is_a_one_line_error_naming_the_file_and_the_key(string key, string value, string named)
    {
        string edited = Edited(Checkpoint(), key, _ => value);
        var e = Record.Exception(() => { var (kind, c) = TaskRegistry.Open(edited); kind.OpenModel(c, edited); });
        Assert.True(e is InvalidDataException, $"{e?.GetType().Name}: {e?.Message}");
        Assert.Contains(named, e!.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_checkpoint_whose_weights_hold_NaN_or_infinity_is_refused_naming_the_parameter_and_index()
    {
        string path = Checkpoint();
        var file = SafeTensors.Load(path);
        var tensors = file.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        tensors["model.rnn.weight_hh_l0"].Span[5] = float.NaN;
        SafeTensors.Save(PathOf("nan.safetensors"), tensors.Select(kv => (kv.Key, kv.Value)), file.Metadata);
        var e = Assert.Throws<InvalidDataException>(() => { var (kind, c) = TaskRegistry.Open(PathOf("nan.safetensors")); kind.OpenModel(c, PathOf("nan.safetensors")); });
        Assert.Contains("parameter 'rnn.weight_hh_l0' holds NaN at index 5", e.Message);
    }
}
