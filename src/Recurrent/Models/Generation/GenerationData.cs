using Recurrent.Models.Classification;
using Recurrent.Text;

namespace Recurrent.Models.Generation;

/// <summary>
/// Labelled documents as character ids for a conditional language model, split as the classifier splits them
/// (<see cref="GenerationTaskConfig.Source"/>). The vocabulary is the training texts' characters plus a newline, which no
/// document holds (texts are read as words joined by spaces) and which is the start symbol of every window. Characters of
/// the held-out texts outside the vocabulary are skipped and counted.
/// </summary>
public sealed class GenerationData
{
    private GenerationData(GenerationTaskConfig config, ClassificationData source, CharVocabulary vocabulary)
    {
        Config = config;
        Labels = source.Labels;
        Vocabulary = vocabulary;
        Hash = source.Hash;
        Train = Documents(source.Train, source, out _);
        Validation = Documents(source.Validation, source, out int vUnseen);
        Test = Documents(source.Test, source, out int tUnseen);
        Unseen = vUnseen + tUnseen;
        Description = $"{(config.Data == "brown" ? "Brown corpus" : config.Data)}: {Labels.Length} classes; " +
            $"{Train.Count:N0} training documents ({Train.Sum(d => (long)d.Tokens.Length):N0} characters), " +
            $"{Validation.Count:N0} validation, {Test.Count:N0} test";
    }

    public GenerationTaskConfig Config { get; }

    /// <summary>The class names in ordinal order; class k is Labels[k].</summary>
    public string[] Labels { get; }

    public CharVocabulary Vocabulary { get; }
    public IReadOnlyList<GenerationDocument> Train { get; }
    public IReadOnlyList<GenerationDocument> Validation { get; }
    public IReadOnlyList<GenerationDocument> Test { get; }

    /// <summary>Held-out characters the vocabulary does not have (skipped).</summary>
    public int Unseen { get; }

    /// <summary>The SHA-256 of the training split (labels and texts): a resume refuses other data.</summary>
    public string Hash { get; }

    public string Description { get; }

    /// <summary>The split of a name: "train", "val" (or "validation"), "test".</summary>
    public IReadOnlyList<GenerationDocument> Split(string name) => name switch
    {
        "train" => Train,
        "val" or "validation" => Validation,
        "test" => Test,
        _ => throw new ArgumentException($"Unknown split '{name}': expected train, val or test."),
    };

    /// <summary>Reads and splits the data (Brown from <paramref name="brownDirectory"/>); a resume passes the checkpoint's vocabulary.</summary>
    public static GenerationData Load(GenerationTaskConfig config, string brownDirectory, CharVocabulary? vocabulary = null)
    {
        config.Validate();
        var source = ClassificationData.Load(config.Source, brownDirectory);
        vocabulary ??= new CharVocabulary(source.Train.SelectMany(e => e.Text!.EnumerateRunes()).Append(new System.Text.Rune('\n')));
        return new GenerationData(config, source, vocabulary);
    }

    private List<GenerationDocument> Documents(IReadOnlyList<ClassificationExample> examples, ClassificationData source, out int unseen)
    {
        unseen = 0;
        var documents = new List<GenerationDocument>(examples.Count);
        foreach (var e in examples)
        {
            var ids = Vocabulary.EncodeKnown(e.Text!, out int skipped);
            unseen += skipped;
            if (ids.Length == 0) continue;
            int space = Vocabulary.Contains(new System.Text.Rune(' ')) ? Vocabulary.Encode(" ")[0] : -1;
            var starts = new List<int> { 0 };
            for (int i = 1; i < ids.Length; i++) if (ids[i - 1] == space && ids[i] != space) starts.Add(i);
            documents.Add(new GenerationDocument(source.ClassOf(e.Label), ids, [.. starts], e.Source));
        }
        return documents;
    }
}
