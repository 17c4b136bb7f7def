using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Tensors;

namespace Recurrent.Cli.Fuzzing;

/// <summary>
/// The ways a file is broken: byte-level (truncation, bit flips, lies in length fields, inserted, deleted and
/// repeated ranges, invalid UTF-8, odd characters and numbers for text formats) and, for safetensors and checkpoints,
/// edits of the JSON header (huge or negative shapes, overlapping or out-of-range offsets, wrong dtypes, duplicate
/// names, deep nesting, nonsense in the model's configuration).
/// </summary>
internal static class Mutations
{
    private static readonly byte[][] Odd =
    [
        [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0], "\t"u8.ToArray(), ","u8.ToArray(), "\""u8.ToArray(),
        "\n"u8.ToArray(), "\r"u8.ToArray(), " "u8.ToArray(), "NaN"u8.ToArray(), "-Infinity"u8.ToArray(), "1e999"u8.ToArray(),
        "-0"u8.ToArray(), "99999999999999999999"u8.ToArray(), "{"u8.ToArray(), "["u8.ToArray(), "}"u8.ToArray(), "/"u8.ToArray(),
        "\uFEFF"u8.ToArray(), "é"u8.ToArray(), "🜁"u8.ToArray(),
    ];

    /// <summary>1 to 3 mutations of <paramref name="seed"/>.</summary>
    public static byte[] Apply(byte[] seed, FuzzTarget target, Rng rng)
    {
        var bytes = seed;
        int count = 1 + (int)(rng.NextUInt() % 3);
        for (int i = 0; i < count; i++)
            bytes = target.Structured is not null && rng.NextUInt() % 2 == 0 ? target.Structured(bytes, rng) : Bytes(bytes, rng);
        return bytes;
    }

    public static byte[] Bytes(byte[] b, Rng rng)
    {
        int n = b.Length;
        int At(int limit) => limit <= 0 ? 0 : (int)(rng.NextUInt() % (uint)limit);
        switch (rng.NextUInt() % 9)
        {
            case 0: return b[..At(n + 1)];                                                           // truncation
            case 1:
            {
                var c = (byte[])b.Clone();
                int flips = 1 + At(8);
                for (int i = 0; i < flips && n > 0; i++) c[At(n)] ^= (byte)(1 << At(8));
                return c;
            }
            case 2:
            {
                // A lie in a length field: a 4- or 8-byte little-endian integer overwritten at an aligned offset.
                var c = (byte[])b.Clone();
                int width = rng.NextUInt() % 2 == 0 ? 4 : 8;
                if (n < width) return c;
                int at = At(n / width) * width;
                ulong[] lies = [0, 1, (ulong)n, (ulong)n + 1, (ulong)n * 2, 0x7fffffff, 0xffffffff, ulong.MaxValue, 1UL << 40, rng.NextUInt()];
                ulong lie = lies[At(lies.Length)];
                if (width == 4) BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(at), (uint)lie);
                else BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(at), lie);
                return c;
            }
            case 3: return Insert(b, At(n + 1), Odd[At(Odd.Length)]);
            case 4:
            {
                int start = At(n + 1), length = At(Math.Min(64, n - start) + 1);
                return [.. b[..start], .. b[(start + length)..]];                                    // a range deleted
            }
            case 5:
            {
                int start = At(n + 1), length = At(Math.Min(256, n - start) + 1);
                return Insert(b, At(n + 1), b[start..(start + length)]);                              // a range repeated
            }
            case 6:
            {
                var c = (byte[])b.Clone();
                byte[] values = [0x00, 0xff, 0x7f, 0x80, (byte)'0', (byte)'9', (byte)'-'];
                for (int i = 0, k = 1 + At(4); i < k && n > 0; i++) c[At(n)] = values[At(values.Length)];
                return c;
            }
            case 7: return Insert(b, At(n + 1), [.. Enumerable.Range(0, 1 + At(64)).Select(_ => (byte)rng.NextUInt())]);
            default:
            {
                // A line duplicated many times or a very long line: sizes that grow.
                int start = At(n + 1), length = At(Math.Min(128, n - start) + 1);
                var part = b[start..(start + length)];
                return Insert(b, start, [.. Enumerable.Repeat(part, 1 + At(200)).SelectMany(p => p)]);
            }
        }
    }

    private static byte[] Insert(byte[] b, int at, byte[] part) => [.. b[..at], .. part, .. b[at..]];

    /// <summary>Edits of a safetensors file's JSON header (the 8-byte length, then the header, then the data).</summary>
    public static byte[] SafeTensorsHeader(byte[] b, Rng rng)
    {
        // A header an earlier mutation broke (duplicate keys, odd types) is mutated byte by byte instead.
        try { return EditHeader(b, rng); }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException or FormatException) { return Bytes(b, rng); }
    }

    private static byte[] EditHeader(byte[] b, Rng rng)
    {
        int At(int limit) => limit <= 0 ? 0 : (int)(rng.NextUInt() % (uint)limit);
        if (b.Length < 8) return Bytes(b, rng);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(b);
        if (length > (ulong)(b.Length - 8)) return Bytes(b, rng);
        var data = b[(8 + (int)length)..];
        JsonObject? header;
        try { header = JsonNode.Parse(b.AsSpan(8, (int)length))?.AsObject(); }
        catch (JsonException) { return Bytes(b, rng); }
        catch (InvalidOperationException) { return Bytes(b, rng); }
        if (header is null) return Bytes(b, rng);
        var names = header.Select(kv => kv.Key).Where(k => k != "__metadata__").ToList();
        string? name = names.Count > 0 ? names[At(names.Count)] : null;
        var entry = name is null ? null : header[name] as JsonObject;
        string text;
        switch (rng.NextUInt() % 10)
        {
            case 0 when entry is not null:
                long[] huge = [1L << 31, 1L << 40, -1, 0, int.MaxValue, 3_000_000_000];
                entry["shape"] = new JsonArray([.. Enumerable.Range(0, 1 + At(4)).Select(_ => JsonValue.Create(huge[At(huge.Length)]))]);
                break;
            case 1 when entry is not null:
                long end = (long)(length + (ulong)data.Length);
                long[] offsets = [0, 1, -8, end, end + 4, long.MaxValue, 1L << 33, At(data.Length + 1)];
                entry["data_offsets"] = new JsonArray(JsonValue.Create(offsets[At(offsets.Length)]), JsonValue.Create(offsets[At(offsets.Length)]));
                break;
            case 2 when entry is not null:
                string[] dtypes = ["F16", "BF16", "F64", "I64", "U8", "BOOL", "", "f32", "F32 "];
                entry["dtype"] = dtypes[At(dtypes.Length)];
                break;
            case 3 when (names.Count >= 2 && header[names[0]] is JsonObject && (header[names[1]]?["data_offsets"]) is not null):
                // Two tensors over the same bytes.
                ((JsonObject)header[names[0]]!)["data_offsets"] = ((JsonObject)header[names[1]]!)["data_offsets"]!.DeepClone();
                break;
            case 4 when entry is not null:
                // A duplicate name: the same key twice in the JSON text.
                text = header.ToJsonString();
                string duplicate = $"\"{name}\":{entry.ToJsonString()},";
                return Frame(Encoding.UTF8.GetBytes("{" + duplicate + text[1..]), data);
            case 5:
                // Deep nesting in the header or the metadata.
                int depth = 10 + At(100_000);
                text = header.ToJsonString();
                string nested = new string('[', depth) + new string(']', depth);
                return Frame(Encoding.UTF8.GetBytes(text[..^1] + ",\"nested\":" + nested + "}"), data);
            case 6 when header["__metadata__"] is JsonObject metadata && metadata.Count > 0:
                // Nonsense in a metadata value: the model's configuration, vocabulary, labels...
                var key = metadata.Select(kv => kv.Key).ElementAt(At(metadata.Count));
                metadata[key] = MetadataValue(metadata[key]?.GetValue<string>() ?? "", rng);
                break;
            case 7 when entry is not null:
                header.Remove(name!);
                break;
            case 8 when (entry?["shape"]) is JsonArray shape && shape.All(d => d is JsonValue):
                entry["shape"] = new JsonArray([.. shape.Select(d => JsonValue.Create(d!.GetValue<long>() + At(3) - 1))]);
                break;
            default:
                // Another tensor's header entry under a new name.
                if (entry is not null) header[name + ".copy"] = entry.DeepClone();
                break;
        }
        return Frame(Encoding.UTF8.GetBytes(header.ToJsonString()), data);
    }

    /// <summary>A metadata string edited: JSON configurations get huge, negative, zero or wrong-typed fields.</summary>
    private static string MetadataValue(string value, Rng rng)
    {
        int At(int limit) => limit <= 0 ? 0 : (int)(rng.NextUInt() % (uint)limit);
        try
        {
            if (JsonNode.Parse(value) is JsonObject config && config.Count > 0)
            {
                var key = config.Select(kv => kv.Key).ElementAt(At(config.Count));
                JsonNode?[] values = [0, -1, 1, 100_000, int.MaxValue, 1L << 40, 0.5, "lstm", "x", true, null, new JsonArray(), new JsonObject()];
                config[key] = values[At(values.Length)]?.DeepClone();
                return config.ToJsonString();
            }
            if (JsonNode.Parse(value) is JsonArray array && array.Count > 0)
            {
                array.RemoveAt(At(array.Count));
                if (At(2) == 0) array.Add(array.Count > 0 ? array[0]!.DeepClone() : JsonValue.Create(""));
                return array.ToJsonString();
            }
        }
        catch (JsonException) { }
        return At(3) switch { 0 => "", 1 => value + value, _ => value.Length > 1 ? value[..At(value.Length)] : "\uFFFF" };
    }

    private static byte[] Frame(byte[] json, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)json.Length);
        return [.. header, .. json, .. data];
    }
}
