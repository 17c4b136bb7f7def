using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Tensors;

namespace Recurrent.Models.Classification;

/// <summary>
/// A trained (or training) classifier with what it needs to read raw examples: the model, its vocabulary (texts) or
/// feature scaling (numeric sequences), the class names and the length cap. Predictions run in evaluation mode without
/// a graph, in batches sorted by length (little padding), and come back in the examples' order.
/// </summary>
public sealed class Classifier(SequenceClassifier model, string[] labels, TokenVocabulary? vocabulary, FeatureScaling? scaling, int maxLength)
{
    public SequenceClassifier Model { get; } = model;
    public string[] Labels { get; } = labels;
    public TokenVocabulary? Vocabulary { get; } = vocabulary;
    public FeatureScaling? Scaling { get; } = scaling;
    public int MaxLength { get; } = maxLength;

    /// <summary>Token ids of a text, at most <see cref="MaxLength"/>; a text with no tokens is a one-line error.</summary>
    public int[] EncodeText(string text, string source) => EncodeText(text, source, out _);

    /// <summary>The same, and whether <see cref="MaxLength"/> cut the text.</summary>
    public int[] EncodeText(string text, string source, out bool cut)
    {
        var v = Vocabulary ?? throw new ArgumentException($"{source}: this classifier reads numeric sequences, not text.");
        var ids = v.Encode(text, MaxLength + 1);
        if (ids.Length == 0) throw new InvalidDataException($"{source}: the text has no {v.Unit}s to classify.");
        cut = ids.Length > MaxLength;
        return cut ? ids[..MaxLength] : ids;
    }

    /// <summary>Scaled values (T, F) of a numeric sequence, at most <see cref="MaxLength"/> steps.</summary>
    public float[] EncodeValues(float[] values, int features, string source)
    {
        var s = Scaling ?? throw new ArgumentException($"{source}: this classifier reads text, not numeric sequences.");
        if (features != s.Features) throw new InvalidDataException($"{source}: {features} features a step, but the model expects {s.Features}.");
        foreach (float x in values) if (!float.IsFinite(x)) throw new InvalidDataException($"{source}: the sequence holds {x}.");
        var scaled = s.Apply(values);
        return scaled.Length > MaxLength * features ? scaled[..(MaxLength * features)] : scaled;
    }

    /// <summary>Class probabilities (N, C) of the examples, in their order.</summary>
    public float[][] Probabilities(IReadOnlyList<ClassificationExample> examples, int batch = 64)
    {
        var results = new float[examples.Count][];
        if (examples.Count == 0) return results;
        int C = Labels.Length;
        using (Model.Inference())
        {
            foreach (var (input, sources) in Batches(examples, batch))
            {
                var logits = Model.Forward(input).Value.Span;
                for (int b = 0; b < sources.Length; b++)
                {
                    results[sources[b]] = new float[C];
                    StableSoftmax.Row(logits.Slice(b * C, C), results[sources[b]]);
                }
            }
        }
        return results;
    }

    /// <summary>The scores of the examples' labels (which must be classes of this model) and the mean cross-entropy.</summary>
    public (ClassificationScores Scores, double Loss) Score(IReadOnlyList<ClassificationExample> examples, int batch = 64)
    {
        var gold = examples.Select(e => Array.BinarySearch(Labels, e.Label, StringComparer.Ordinal) is var c and >= 0 ? c
            : throw new InvalidDataException($"{e.Source}: class '{e.Label}' is not one this model knows ({string.Join(", ", Labels)}).")).ToArray();
        var probabilities = Probabilities(examples, batch);
        var predicted = probabilities.Select(p => TensorPrimitives.IndexOfMax(p)).ToArray();
        double loss = 0;
        for (int i = 0; i < gold.Length; i++) loss -= Math.Log(Math.Max(probabilities[i][gold[i]], 1e-30f));
        return (new ClassificationScores(Labels, gold, predicted), loss / gold.Length);
    }

    /// <summary>The examples as model inputs in batches sorted by length, with each column's index in the list.</summary>
    private IEnumerable<(ClassifierInput Input, int[] Sources)> Batches(IReadOnlyList<ClassificationExample> examples, int batch)
    {
        if (Vocabulary is not null)
        {
            var ids = examples.Select(e => EncodeText(e.Text ?? throw new ArgumentException($"{e.Source}: a numeric example for a text classifier."), e.Source)).ToList();
            var batches = new PaddedBatches(ids, batch, TokenVocabulary.Padding, BatchOrder.ByLength);
            return batches.RestOfEpoch().Select(b => (ClassifierInput.Of(b), b.SourceIndices));
        }
        var values = examples.Select(e => EncodeValues(e.Values ?? throw new ArgumentException($"{e.Source}: a text example for a numeric classifier."), e.Features, e.Source)).ToList();
        var featureBatches = new FeatureBatches(values, Scaling!.Features, batch, BatchOrder.ByLength);
        return featureBatches.RestOfEpoch().Select(b => (ClassifierInput.Of(b), b.SourceIndices));
    }
}
