using Recurrent.Tensors;

namespace Recurrent.Serialization;

/// <summary>
/// A checkpoint: a safetensors file whose metadata names its <see cref="Kind"/> (<c>format</c> = "recurrent/KIND/1")
/// beside the kind's own string metadata, and whose tensors are grouped by prefix (<c>model.</c>, <c>optimizer.</c>...).
/// Written atomically (temporary file, flush, rename), so a crash leaves the previous checkpoint intact.
/// </summary>
public sealed class Checkpoint
{
    public const string FormatKey = "format";

    public Checkpoint(string kind, Dictionary<string, string> metadata, Dictionary<string, Tensor> tensors) =>
        (Kind, Metadata, Tensors) = (kind, metadata, tensors);

    public string Kind { get; }
    public Dictionary<string, string> Metadata { get; }
    public Dictionary<string, Tensor> Tensors { get; }

    public static string FormatOf(string kind) => $"recurrent/{kind}/1";

    public void Save(string path)
    {
        var metadata = new Dictionary<string, string>(Metadata) { [FormatKey] = FormatOf(Kind) };
        SafeTensors.Save(path, Tensors.Select(kv => (kv.Key, kv.Value)), metadata);
    }

    /// <summary>Loads any Recurrent checkpoint; a safetensors file without the format key is a one-line error.</summary>
    public static Checkpoint Load(string path)
    {
        var file = SafeTensors.Load(path);
        if (!file.Metadata.TryGetValue(FormatKey, out var format) || !format.StartsWith("recurrent/", StringComparison.Ordinal)
            || !format.EndsWith("/1", StringComparison.Ordinal) || format.Length <= "recurrent//1".Length)
            throw new InvalidDataException($"{path}: a safetensors file, but not a Recurrent checkpoint (no '{FormatKey}' metadata of the form recurrent/KIND/1).");
        string kind = format["recurrent/".Length..^"/1".Length];
        return new Checkpoint(kind, new Dictionary<string, string>(file.Metadata), new Dictionary<string, Tensor>(file.Tensors));
    }

    /// <summary>
    /// Loads a checkpoint of one of <paramref name="kinds"/> (a task's kind and the older names it still reads);
    /// a file of another kind is a one-line error naming both.
    /// </summary>
    public static Checkpoint Load(string path, params string[] kinds)
    {
        var checkpoint = Load(path);
        checkpoint.RequireKind(path, kinds);
        return checkpoint;
    }

    /// <summary>Throws a one-line error unless this checkpoint is of one of <paramref name="kinds"/>.</summary>
    public void RequireKind(string path, params string[] kinds)
    {
        if (!kinds.Contains(Kind))
            throw new InvalidDataException($"{path}: a checkpoint of kind '{FormatOf(Kind)}', expected '{FormatOf(kinds[0])}'.");
    }

    public string Require(string key, string path) =>
        Metadata.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: checkpoint metadata lacks '{key}'.");

    /// <summary>The tensors under <c>prefix.</c>, with the prefix removed.</summary>
    public Dictionary<string, Tensor> Group(string prefix) =>
        Tensors.Where(kv => kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value);
}
