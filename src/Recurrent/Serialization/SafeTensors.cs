using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Recurrent.Tensors;

namespace Recurrent.Serialization;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}</c>, padded with
/// spaces to a multiple of 8), then the raw little-endian tensor bytes back to back. Only F32 is read and written.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100 << 20;

    /// <summary>Writes atomically: a temporary file beside the target is flushed to disk, then renamed over it.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var duplicate = list.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Tensor name '{duplicate.Key}' appears twice.");

        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, value) in list)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in value.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + 4L * value.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += 4L * value.Length;
            }
            w.WriteEndObject();
        }
        int pad = (int)((8 - json.Length % 8) % 8);
        var header = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)(json.Length + pad));

        AtomicFile.Write(path, file =>
        {
            file.Write(header);
            json.Position = 0;
            json.CopyTo(file);
            for (int i = 0; i < pad; i++) file.WriteByte((byte)' ');
            foreach (var (_, value) in list)
            {
                if (BitConverter.IsLittleEndian) file.Write(MemoryMarshal.AsBytes(value.Span));
                else foreach (var x in value.Span) { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, x); file.Write(b); }
            }
        });
    }

    /// <summary>Reads a whole file; every problem is an <see cref="InvalidDataException"/> naming the file and what is wrong.</summary>
    public static SafeTensorsFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        byte[] bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8) throw Bad(source, $"file is {bytes.Length} bytes, too short for a safetensors header");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)MaxHeaderBytes || 8 + (long)n > bytes.Length)
            throw Bad(source, $"header length {n} does not fit in the file's {bytes.Length} bytes (truncated, or not a safetensors file)");
        var dataStart = 8 + (int)n;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.Slice(8, (int)n).ToArray()); }
        catch (JsonException e) { throw Bad(source, $"header is not valid JSON ({e.Message})"); }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(source, "header is not a JSON object");
            var tensors = new Dictionary<string, Tensor>();
            var metadata = new Dictionary<string, string>();
            var extents = new List<(long Begin, long End, string Name)>();
            long dataLength = bytes.Length - dataStart;
            try
            {
                foreach (var entry in doc.RootElement.EnumerateObject())
                {
                    if (entry.Name == MetadataKey)
                    {
                        if (entry.Value.ValueKind != JsonValueKind.Object) throw Bad(source, "__metadata__ is not a JSON object");
                        foreach (var m in entry.Value.EnumerateObject())
                            if (!metadata.TryAdd(m.Name, m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText()))
                                throw Bad(source, $"metadata key '{m.Name}' appears twice");
                        continue;
                    }
                    if (tensors.ContainsKey(entry.Name)) throw Bad(source, $"tensor '{entry.Name}' appears twice in the header");
                    var (tensor, begin, end) = ReadTensor(entry, bytes[dataStart..], dataLength, source);
                    tensors[entry.Name] = tensor;
                    extents.Add((begin, end, entry.Name));
                }
            }
            catch (InvalidOperationException)
            {
                throw Bad(source, "header holds a string that is not valid UTF-8");
            }
            // As the format requires: the tensors' bytes neither overlap nor leave holes, and cover the data section.
            long at = 0;
            foreach (var (begin, end, name) in extents.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (begin != at)
                    throw Bad(source, begin < at ? $"tensor '{name}' overlaps another tensor's bytes (offset {begin}, before {at})"
                        : $"bytes {at}..{begin} of the data section belong to no tensor");
                at = end;
            }
            if (at != dataLength) throw Bad(source, $"the data section has {dataLength} bytes, the tensors cover {at}");
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static (Tensor Tensor, long Begin, long End) ReadTensor(JsonProperty entry, ReadOnlySpan<byte> data, long dataLength, string source)
    {
        var e = entry.Value;
        string where = $"tensor '{entry.Name}'";
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("dtype", out var dtype) || !e.TryGetProperty("shape", out var shapeJson)
            || !e.TryGetProperty("data_offsets", out var offsets))
            throw Bad(source, $"{where} lacks dtype, shape or data_offsets");
        if (dtype.GetString() != "F32") throw Bad(source, $"{where} has dtype {dtype.GetString()}; only F32 is supported");
        int[] shape;
        long begin, end;
        try
        {
            shape = shapeJson.EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var o = offsets.EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (o.Length != 2) throw new FormatException();
            (begin, end) = (o[0], o[1]);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw Bad(source, $"{where} has a malformed shape or data_offsets");
        }
        if (shape.Any(d => d < 0)) throw Bad(source, $"{where} has negative dimension in shape {ShapeOps.Format(shape)}");
        long count;
        try { count = shape.Aggregate(1L, (a, d) => checked(a * d)); }
        catch (OverflowException) { throw Bad(source, $"{where} has shape {ShapeOps.Format(shape)}, too many elements"); }
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad(source, $"{where} has data_offsets [{begin}, {end}] outside the data section of {dataLength} bytes (file truncated?)");
        if (end - begin != 4 * count)
            throw Bad(source, $"{where} of shape {ShapeOps.Format(shape)} needs {4 * count} bytes, data_offsets give {end - begin}");
        var values = new float[count];
        var raw = data.Slice((int)begin, (int)(end - begin));
        if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
        return (Tensor.FromArray(values, shape), begin, end);
    }

    private static InvalidDataException Bad(string source, string what) => new($"{source}: {what}.");
}
