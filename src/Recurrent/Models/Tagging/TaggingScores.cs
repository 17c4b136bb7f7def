namespace Recurrent.Models.Tagging;

/// <summary>
/// How well a tagger did on tagged sentences: token accuracy, accuracy on words unseen in training, sentence accuracy
/// (every tag right), the most frequent confusions (gold → predicted), and per-tag precision, recall and F1.
/// </summary>
public sealed class TaggingScores
{
    private readonly Dictionary<string, (int Gold, int Predicted, int Right)> _perTag = [];
    private readonly Dictionary<(string Gold, string Predicted), int> _confusions = [];

    public int Tokens { get; private set; }
    public int Right { get; private set; }
    public int UnseenTokens { get; private set; }
    public int UnseenRight { get; private set; }
    public int Sentences { get; private set; }

    /// <summary>Spans (<see cref="BioSpans"/>): gold, predicted, and predicted ones that match a gold span exactly.</summary>
    public int GoldSpans { get; private set; }
    public int PredictedSpans { get; private set; }
    public int RightSpans { get; private set; }

    /// <summary>Whether every gold tag seen is BIO (then span scores mean something).</summary>
    public bool IsBio { get; private set; } = true;

    public double SpanPrecision => PredictedSpans > 0 ? (double)RightSpans / PredictedSpans : 0;
    public double SpanRecall => GoldSpans > 0 ? (double)RightSpans / GoldSpans : 0;
    public double SpanF1 => SpanPrecision + SpanRecall > 0 ? 2 * SpanPrecision * SpanRecall / (SpanPrecision + SpanRecall) : 0;
    public int SentencesRight { get; private set; }

    public double Accuracy => Tokens > 0 ? (double)Right / Tokens : double.NaN;
    public double UnseenAccuracy => UnseenTokens > 0 ? (double)UnseenRight / UnseenTokens : double.NaN;
    public double SentenceAccuracy => Sentences > 0 ? (double)SentencesRight / Sentences : double.NaN;

    /// <summary>Scores a tagger on sentences; <paramref name="isKnown"/> says which words training saw.</summary>
    public static TaggingScores Of(ISentenceTagger tagger, IEnumerable<Data.TaggedSentence> sentences, Func<string, bool> isKnown)
    {
        var list = sentences.ToList();
        var predicted = tagger.TagMany([.. list.Select(s => s.Tokens)]);
        var scores = new TaggingScores();
        for (int i = 0; i < list.Count; i++) scores.Add(list[i].Tokens, list[i].Tags, predicted[i], isKnown);
        return scores;
    }

    public void Add(IReadOnlyList<string> words, IReadOnlyList<string> gold, IReadOnlyList<string> predicted, Func<string, bool> isKnown)
    {
        if (gold.Count != words.Count || predicted.Count != words.Count)
            throw new ArgumentException($"{words.Count} words, {gold.Count} gold tags and {predicted.Count} predicted tags.");
        bool all = true;
        for (int i = 0; i < words.Count; i++)
        {
            bool right = gold[i] == predicted[i];
            Tokens++;
            if (right) Right++;
            else { all = false; _confusions[(gold[i], predicted[i])] = _confusions.GetValueOrDefault((gold[i], predicted[i])) + 1; }
            if (!isKnown(words[i])) { UnseenTokens++; if (right) UnseenRight++; }
            var g = _perTag.GetValueOrDefault(gold[i]);
            _perTag[gold[i]] = (g.Gold + 1, g.Predicted, g.Right + (right ? 1 : 0));
            var p = _perTag.GetValueOrDefault(predicted[i]);
            _perTag[predicted[i]] = (p.Gold, p.Predicted + 1, p.Right);
        }
        Sentences++;
        if (all) SentencesRight++;
        IsBio &= gold.All(BioSpans.IsBioTag);
        var goldSpans = BioSpans.Extract(gold).ToHashSet();
        var predictedSpans = BioSpans.Extract(predicted);
        (GoldSpans, PredictedSpans) = (GoldSpans + goldSpans.Count, PredictedSpans + predictedSpans.Count);
        RightSpans += predictedSpans.Count(goldSpans.Contains);
    }

    /// <summary>The <paramref name="count"/> most frequent errors, as (gold, predicted, times).</summary>
    public IReadOnlyList<(string Gold, string Predicted, int Count)> TopConfusions(int count) =>
        _confusions.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Gold, StringComparer.Ordinal).ThenBy(kv => kv.Key.Predicted, StringComparer.Ordinal)
            .Take(count).Select(kv => (kv.Key.Gold, kv.Key.Predicted, kv.Value)).ToList();

    /// <summary>Per gold tag (most frequent first): its count, precision, recall and F1.</summary>
    public IReadOnlyList<(string Tag, int Support, double Precision, double Recall, double F1)> PerTag() =>
        _perTag.Where(kv => kv.Value.Gold > 0).OrderByDescending(kv => kv.Value.Gold).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var (gold, predicted, right) = kv.Value;
            double precision = predicted > 0 ? (double)right / predicted : 0, recall = (double)right / gold;
            return (kv.Key, gold, precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
        }).ToList();

    /// <summary>"accuracy 0.9680  unseen-word accuracy 0.8800  sentence accuracy 0.5100", the start of every report line.</summary>
    public string Summary() => $"accuracy {Accuracy:F4}  unseen-word accuracy {UnseenAccuracy:F4} ({UnseenTokens:N0} tokens)  sentence accuracy {SentenceAccuracy:F4}" +
        (IsBio && GoldSpans > 0 ? $"  span F1 {SpanF1:F4} (P {SpanPrecision:F4}, R {SpanRecall:F4}, {GoldSpans:N0} spans)" : "");
}
