using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// Language-model checkpoints (kind <c>lm</c>, formerly <c>char-lm</c>): scored on any text or the Brown corpus, the
/// held-out part cut by the same rule as in training. Tokens the vocabulary has not seen follow its policy
/// (<see cref="Text.ITokenVocabulary.EncodeKnown"/>) and are counted in the report.
/// </summary>
public sealed class LanguageModelKind : ITaskKind
{
    public string Kind => LanguageModelTask.TaskKind;
    public IReadOnlyList<string> Aliases { get; } = [LanguageModelTask.LegacyKind];

    public Module OpenModel(Checkpoint checkpoint, string path) => LanguageModelTask.Open(checkpoint, path).Model;

    public Evaluation Evaluate(Checkpoint checkpoint, string path, EvaluationRequest request)
    {
        if (request.Split is not ("all" or "val")) throw new ArgumentException($"--split must be 'all' or 'val', got '{request.Split}'.");
        if (request.DataPath is null) throw new ArgumentException("A language model is scored on a text: give --text FILE (or --corpus brown).");
        var (model, vocabulary, config) = LanguageModelTask.Open(checkpoint, path);
        var corpus = TextCorpus.At(request.DataPath);
        int unseen;
        int[] tokens;
        if (vocabulary is Text.WordVocabulary words)
        {
            var sentences = request.Split == "val" ? corpus.SplitSentences(config.ValidationFraction).HeldOut : corpus.AllSentences();
            tokens = words.Encode(sentences);
            unseen = words.CountUnknown(sentences);
        }
        else
        {
            if (corpus.IsBrown) throw new ArgumentException("This is a character model; --corpus brown needs a word model.");
            string text = request.Split == "val" ? corpus.SplitText(config.ValidationFraction).HeldOut : corpus.Text;
            tokens = vocabulary.EncodeKnown(text, out unseen);
        }
        var evaluation = Perplexity.Evaluate(model, tokens, vocabulary, unseen);
        string u = vocabulary.Unit;
        return evaluation with
        {
            Summary = $"{corpus.Name} ({request.Split}, {tokens.Length:N0} {u}s): {evaluation.Summary}; {Perplexity.UnseenReport(vocabulary, unseen, tokens.Length)}",
        };
    }

    public string Describe(Checkpoint checkpoint)
    {
        var (_, vocabulary, _) = LanguageModelTask.Open(checkpoint, "checkpoint");
        return $"language model; vocabulary: {vocabulary.Count:N0} {vocabulary.Unit}s; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps";
    }
}
