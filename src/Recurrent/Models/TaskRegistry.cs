using System.Collections.Concurrent;
using Recurrent.Models.Classification;
using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models;

/// <summary>
/// From checkpoint kind to task: the one table through which <c>rnn eval</c>, <c>rnn params</c> and export open a
/// checkpoint of any task. Each task folder registers its <see cref="ITaskKind"/> here; applications may add their own.
/// </summary>
public static class TaskRegistry
{
    private static readonly ConcurrentDictionary<string, ITaskKind> Kinds = new(StringComparer.Ordinal);

    static TaskRegistry()
    {
        Register(new LanguageModelKind());
        Register(new ClassificationKind());
        Register(new Tagging.TaggingKind());
        Register(new Forecasting.ForecastKind());
        Register(new Seq2Seq.Seq2SeqKind());
        Register(new Generation.GenerationKind());
    }

    /// <summary>Adds (or replaces) a kind and its aliases.</summary>
    public static void Register(ITaskKind kind)
    {
        Kinds[kind.Kind] = kind;
        foreach (var alias in kind.Aliases) Kinds[alias] = kind;
    }

    public static IReadOnlyCollection<string> KnownKinds => Kinds.Values.Select(k => k.Kind).Distinct().Order().ToList();

    /// <summary>The task kind of a checkpoint kind; an unknown kind is a one-line error listing the known ones.</summary>
    public static ITaskKind Find(string kind, string path) => Kinds.TryGetValue(kind, out var k) ? k
        : throw new InvalidDataException($"{path}: a checkpoint of kind '{Checkpoint.FormatOf(kind)}', which this version does not know (known kinds: {string.Join(", ", KnownKinds)}).");

    /// <summary>Loads a checkpoint of any registered kind.</summary>
    public static (ITaskKind Kind, Checkpoint Checkpoint) Open(string path)
    {
        var checkpoint = Checkpoint.Load(path);
        return (Find(checkpoint.Kind, path), checkpoint);
    }
}
