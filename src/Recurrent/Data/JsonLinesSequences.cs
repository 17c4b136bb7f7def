using System.Text;
using System.Text.Json;

namespace Recurrent.Data;

/// <summary>
/// Labelled numeric sequences from a JSON Lines file, one object a line: <c>{"label": "walk", "x": [[0.1, 2], [0.3, 1]]}</c>.
/// <c>x</c> is T ≥ 1 rows of F ≥ 1 numbers (a flat list of numbers is T rows of one); F is the same on every line.
/// The label is a string or a number (kept as written, so 1 and 1.0 are different labels); other members are
/// ignored; blank lines are skipped. Anything else is a one-line error naming the file and line (and, for broken
/// JSON, the column).
/// </summary>
public static class JsonLinesSequences
{
    /// <param name="path">The file, one JSON object a line.</param>
    /// <param name="labelMember">The member that holds the label.</param>
    /// <param name="valuesMember">The member that holds the steps.</param>
    public static IReadOnlyList<LabelledSequence> Read(string path, string labelMember = "label", string valuesMember = "x") =>
        Parse(DataFile.Lines(path), path, labelMember, valuesMember);

    /// <summary>
    /// Lines already in memory, read as <see cref="Read"/> reads a file (<paramref name="source"/> names them in errors);
    /// with <paramref name="labelRequired"/> false, a line may omit the label (it is then empty): data to predict.
    /// </summary>
    public static IReadOnlyList<LabelledSequence> Parse(IReadOnlyList<string> lines, string source, string labelMember = "label",
        string valuesMember = "x", bool labelRequired = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelMember);
        ArgumentException.ThrowIfNullOrEmpty(valuesMember);
        string path = source;
        var sequences = new List<LabelledSequence>();
        int width = -1, widthLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            int line = i + 1;
            JsonDocument document;
            try { document = JsonDocument.Parse(lines[i]); }
            catch (JsonException e)
            {
                string hint = System.Text.RegularExpressions.Regex.IsMatch(lines[i], @"\b(NaN|-?Infinity)\b")
                    ? " (NaN and Infinity are not JSON numbers, and a sequence must not hold them)" : "";
                throw DataFile.Error(path, line, Column(lines[i], e.BytePositionInLine ?? 0), $"not valid JSON{hint}.");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw DataFile.Error(path, line, $"expected a JSON object, got {Kind(root)}.");
                string label = labelRequired || root.TryGetProperty(labelMember, out _) ? Label(path, line, root, labelMember) : "";
                var (values, steps, features) = Values(path, line, root, valuesMember);
                if (width < 0) (width, widthLine) = (features, line);
                else if (features != width)
                    throw DataFile.Error(path, line, $"\"{valuesMember}\" has {features} number{(features == 1 ? "" : "s")} a step, but line {widthLine} has {width}.");
                sequences.Add(new LabelledSequence(label, values, steps, features, line));
            }
        }
        if (sequences.Count == 0) throw new InvalidDataException($"{path}: no sequences (only blank lines).");
        return sequences;
    }

    private static string Label(string path, int line, JsonElement root, string member)
    {
        if (!root.TryGetProperty(member, out var label)) throw DataFile.Error(path, line, $"no \"{member}\".");
        return label.ValueKind switch
        {
            JsonValueKind.String when label.GetString()!.Trim().Length > 0 => label.GetString()!,
            JsonValueKind.Number => label.GetRawText(),
            _ => throw DataFile.Error(path, line, $"\"{member}\" must be a non-empty string or a number, got {Kind(label)}."),
        };
    }

    private static (float[] Values, int Steps, int Features) Values(string path, int line, JsonElement root, string member)
    {
        if (!root.TryGetProperty(member, out var x)) throw DataFile.Error(path, line, $"no \"{member}\".");
        if (x.ValueKind != JsonValueKind.Array || x.GetArrayLength() == 0)
            throw DataFile.Error(path, line, $"\"{member}\" must be a non-empty array of steps, got {Kind(x)}.");
        bool flat = x[0].ValueKind == JsonValueKind.Number;
        int steps = x.GetArrayLength(), features = flat ? 1 : x[0].ValueKind == JsonValueKind.Array ? x[0].GetArrayLength() : 0;
        if (features == 0) throw DataFile.Error(path, line, $"\"{member}\"[0] must be a number or a non-empty array of numbers, got {Kind(x[0])}.");
        var values = new float[steps * features];
        for (int t = 0; t < steps; t++)
        {
            var step = x[t];
            if (flat) { values[t] = Number(path, line, step, $"\"{member}\"[{t}]"); continue; }
            if (step.ValueKind != JsonValueKind.Array)
                throw DataFile.Error(path, line, $"\"{member}\"[{t}] must be an array of numbers like \"{member}\"[0], got {Kind(step)}.");
            if (step.GetArrayLength() != features)
                throw DataFile.Error(path, line, $"\"{member}\"[{t}] has {step.GetArrayLength()} numbers, but \"{member}\"[0] has {features}.");
            for (int f = 0; f < features; f++) values[t * features + f] = Number(path, line, step[f], $"\"{member}\"[{t}][{f}]");
        }
        return (values, steps, features);
    }

    private static float Number(string path, int line, JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Number) throw DataFile.Error(path, line, $"{where} must be a number, got {Kind(e)}.");
        return e.TryGetDouble(out double d) && float.IsFinite((float)d) ? (float)d
            : throw DataFile.Error(path, line, $"{where} = {e.GetRawText()} is too large for a 32-bit float.");
    }

    /// <summary>The 1-based character column of a UTF-8 byte offset into the line (System.Text.Json counts bytes).</summary>
    private static int Column(string line, long byteOffset)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        return Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Clamp(byteOffset, 0, bytes.Length)) + 1;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => e.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.String => $"the string {e.GetRawText()}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };
}
