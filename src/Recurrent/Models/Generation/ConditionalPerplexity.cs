using System.Globalization;
using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Training;

namespace Recurrent.Models.Generation;

/// <summary>
/// How well a conditional model predicts held-out documents, per class: each document is cut into pieces of at most
/// seq_len characters at word starts (<see cref="GenerationDocument.Pieces"/>), each piece read from the start symbol
/// and its document's condition, as in training, and every character scored once. Cross-entropy in nats per character;
/// perplexity = exp of it. A model without conditioning reads the same pieces, so the two are compared on equal terms.
/// </summary>
public static class ConditionalPerplexity
{
    /// <summary>
    /// Σ −log p and the characters counted, per class (index = the document's class), on <paramref name="documents"/>;
    /// each document read with the condition <paramref name="conditionOf"/> gives it (by default its own class: another
    /// class is the control that shows how much the model uses the condition).
    /// </summary>
    public static (double[] Nats, long[] Characters) Score(ConditionalLanguageModel model, IReadOnlyList<GenerationDocument> documents,
        int classes, int seqLen, int startToken, int batch = 64, Func<GenerationDocument, int>? conditionOf = null)
    {
        conditionOf ??= d => d.Class;
        var nats = new double[classes];
        var counts = new long[classes];
        var pieces = documents.SelectMany(d => d.Pieces(seqLen).Select(p => (Document: d, p.Start, p.Length)))
            .OrderBy(p => p.Length).ToList();      // similar lengths together: little padding
        int V = model.Config.VocabSize;
        using (model.Inference())
            for (int from = 0; from < pieces.Count; from += batch)
            {
                int B = Math.Min(batch, pieces.Count - from), T = pieces[from + B - 1].Length;
                var inputs = new int[T * B];
                var targets = new int[T * B];
                var (cls, condition) = (new int[B], new int[B]);
                for (int b = 0; b < B; b++)
                {
                    var (d, start, length) = pieces[from + b];
                    d.FillWindow(start, length, T, b, B, startToken, Loss.IgnoreIndex, inputs, targets);
                    (cls[b], condition[b]) = (d.Class, conditionOf(d));
                }
                var logits = model.Forward(inputs, T, B, model.Config.IsConditional ? model.Condition(condition) : null).Value.Span;
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < B; b++)
                    {
                        int y = targets[t * B + b];
                        if (y == Loss.IgnoreIndex) continue;
                        // −log p(y) = log Σ_v exp(x_v − max) + max − x_y
                        var row = logits.Slice((t * B + b) * V, V);
                        float max = TensorPrimitives.Max(row);
                        double sum = 0;
                        foreach (float x in row) sum += Math.Exp(x - max);
                        nats[cls[b]] += Math.Log(sum) + max - row[y];
                        counts[cls[b]]++;
                    }
            }
        return (nats, counts);
    }

    /// <summary>
    /// Metrics <c>loss</c> (nats/char over all documents, the primary: lower is better), <c>bits</c>, <c>perplexity</c>,
    /// <c>characters</c>, and <c>perplexity.LABEL</c> for each class that has documents.
    /// </summary>
    public static Evaluation Evaluate(ConditionalLanguageModel model, IReadOnlyList<GenerationDocument> documents, string[] labels, int seqLen, int startToken)
    {
        if (documents.Count == 0) throw new ArgumentException("There are no documents to score.");
        var (nats, counts) = Score(model, documents, labels.Length, seqLen, startToken);
        double loss = nats.Sum() / counts.Sum();
        var metrics = new Dictionary<string, double>
        {
            ["loss"] = loss, ["bits"] = loss / Math.Log(2), ["perplexity"] = Math.Exp(loss), ["characters"] = counts.Sum(),
        };
        for (int k = 0; k < labels.Length; k++)
            if (counts[k] > 0) metrics[$"perplexity.{labels[k]}"] = Math.Exp(nats[k] / counts[k]);
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"loss {loss:F4} nats/char, {loss / Math.Log(2):F4} bits/char, perplexity {Math.Exp(loss):F3}");
        return new Evaluation(metrics, "loss", HigherIsBetter: false, summary);
    }
}
