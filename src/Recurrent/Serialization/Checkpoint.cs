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

    /// <summary>
    /// A metadata entry read as JSON of type <typeparamref name="T"/> and checked by <paramref name="validate"/>; a
    /// missing key, malformed JSON or a value the check refuses is a one-line error naming the file and the key.
    /// </summary>
    public T Json<T>(string key, string path, Action<T>? validate = null) where T : class => Json(key, Require(key, path), path, validate);

    /// <summary>JSON as the records declare it: null where a property is not nullable is an error, not a null.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions StrictJson = new() { RespectNullableAnnotations = true };

    /// <summary>The same for a JSON text read from the metadata under <paramref name="key"/> (or an older key).</summary>
    public static T Json<T>(string key, string json, string path, Action<T>? validate = null) where T : class
    {
        T? value;
        try { value = System.Text.Json.JsonSerializer.Deserialize<T>(json, StrictJson); }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: metadata '{key}' is not valid: {e.Message.Split('\n')[0]}");
        }
        if (value is null) throw new InvalidDataException($"{path}: metadata '{key}' is empty.");
        if (value is string[] strings && Array.IndexOf(strings, null) is var at and >= 0)
            throw new InvalidDataException($"{path}: metadata '{key}' holds null at position {at}.");
        try { validate?.Invoke(value); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: metadata '{key}': {e.Message}"); }
        return value;
    }

    /// <summary>
    /// The model this checkpoint holds: built by <paramref name="construct"/> from its configuration, under a budget of
    /// the file's own parameter count (a configuration edited to ask for more is an error before anything is
    /// allocated), then its weights loaded by name (strictly) and evaluation mode set.
    /// </summary>
    public T Model<T>(Func<T> construct, string path) where T : Layers.Module
    {
        var state = Group("model");
        T model;
        using (Autograd.Parameter.Budget(state.Values.Sum(t => (long)t.Length)))
        {
            try { model = construct(); }
            catch (Exception e) when (e is ArgumentException or InvalidDataException) { throw new InvalidDataException($"{path}: {e.Message}"); }
        }
        model.LoadStateDict(state, strict: true, source: path);
        foreach (var p in model.Parameters)
            if (FirstNonFinite(p.Value.Span) is var at and >= 0)
                throw new InvalidDataException($"{path}: parameter '{p.Name}' holds {p.Value.Span[at]} at index {at}; a model's weights must be finite.");
        model.Training = false;
        return model;
    }

    /// <summary>A metadata entry read by <paramref name="parse"/>; whatever it refuses is a one-line error naming the file and the key.</summary>
    public T Parse<T>(string key, string path, Func<string, T> parse)
    {
        string value = Require(key, path);
        try { return parse(value); }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or FormatException or OverflowException
                                      or InvalidOperationException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: metadata '{key}' is not valid: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The index of the first NaN or infinity, or −1.</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
