using Recurrent.Serialization;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Recurrent.Text.NGrams;

/// <summary>
/// The model file (docs/ngram.md): the 8 bytes "RNNGRAM1"; a little-endian int32 header length; a UTF-8 JSON header
/// {unit, order, smoothing, k, min_count, vocabulary, levels: [n-gram count per order]}; then per order k = 1..N the
/// sorted keys (int64), raw counts (int32) and continuation counts (int32), all little-endian. Everything else
/// (discounts, context totals) is recomputed on load.
/// </summary>
public sealed partial class NGramModel
{
    private static readonly byte[] Magic = "RNNGRAM1"u8.ToArray();

    private sealed record Header(string unit, int order, string smoothing, float k, int min_count, string[] vocabulary, int[] levels);

    public void Save(string path)
    {
        var header = new Header(Unit.ToString().ToLowerInvariant(), Order, Smoothing.ToString(), AddK, MinCount,
            [.. Vocabulary.Tokens.Skip(3)], [.. Enumerable.Range(1, Order).Select(k => _tables.Keys[k].Length)]);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        AtomicFile.Write(path, file =>
        {
            file.Write(Magic);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, json.Length);
            file.Write(length);
            file.Write(json);
            for (int k = 1; k <= Order; k++)
            {
                file.Write(MemoryMarshal.AsBytes(_tables.Keys[k].AsSpan()));
                file.Write(MemoryMarshal.AsBytes(_tables.Counts[k].AsSpan()));
                file.Write(MemoryMarshal.AsBytes(_tables.LeftExtensions[k].AsSpan()));
            }
        });
    }

    public static NGramModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        byte[] bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string what) => new($"{path}: {what}.");
        if (bytes.Length < 12 || !bytes.AsSpan(0, 8).SequenceEqual(Magic)) throw Bad("not a Recurrent n-gram model file (bad magic bytes)");
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (headerLength <= 0 || 12L + headerLength > bytes.Length) throw Bad("truncated header");
        Header header;
        try { header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(12, headerLength)) ?? throw Bad("empty header"); }
        catch (JsonException e) { throw Bad($"corrupt header ({e.Message})"); }
        if (header.vocabulary is null || header.levels is null || header.levels.Length != header.order) throw Bad("header lacks vocabulary or level sizes");
        var unit = header.unit switch { "char" => TokenUnit.Char, "word" => TokenUnit.Word, _ => throw Bad($"unknown unit '{header.unit}'") };
        if (!Enum.TryParse<Smoothing>(header.smoothing, out var smoothing)) throw Bad($"unknown smoothing '{header.smoothing}'");
        try { CheckOptions(header.order, smoothing, header.k, header.min_count); }
        catch (ArgumentException e) { throw Bad($"invalid header: {e.Message}"); }
        var vocabulary = new NGramVocabulary(header.vocabulary);
        long expected = 12L + headerLength + header.levels.Sum(n => 16L * n);
        if (header.levels.Any(n => n < 0) || expected != bytes.Length) throw Bad($"size {bytes.Length} bytes does not match the header ({expected}); truncated or corrupt");
        var keys = new long[header.order + 1][];
        var counts = new int[header.order + 1][];
        var left = new int[header.order + 1][];
        int at = 12 + headerLength;
        for (int k = 1; k <= header.order; k++)
        {
            int n = header.levels[k - 1];
            keys[k] = MemoryMarshal.Cast<byte, long>(bytes.AsSpan(at, 8 * n)).ToArray(); at += 8 * n;
            counts[k] = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(at, 4 * n)).ToArray(); at += 4 * n;
            left[k] = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(at, 4 * n)).ToArray(); at += 4 * n;
            for (int i = 0; i < n; i++)
                if (keys[k][i] < 0 || keys[k][i] / vocabulary.Count >= (k == 1 ? 1 : header.levels[k - 2])
                    || (i > 0 && keys[k][i] <= keys[k][i - 1]) || counts[k][i] <= 0 || left[k][i] < 0)
                    throw Bad($"corrupt n-gram table at order {k}, entry {i}");
        }
        var tables = NGramTables.FromArrays(header.order, vocabulary.Count, keys, counts, left);
        return new NGramModel(unit, header.order, smoothing, header.k, header.min_count, vocabulary, tables);
    }
}
