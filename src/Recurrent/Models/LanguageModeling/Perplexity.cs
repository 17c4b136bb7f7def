using System.Globalization;
using Recurrent.Autograd;
using Recurrent.Losses;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Models.LanguageModeling;

/// <summary>How well a language model predicts a token stream: cross-entropy in nats and bits per token, and perplexity.</summary>
public static class Perplexity
{
    /// <summary>
    /// Mean cross-entropy (nats per token) of predicting each next token of <paramref name="tokens"/>, in
    /// <paramref name="streams"/> contiguous streams read window by window with the state carried (no dropout, no graph).
    /// Each stream starts from a zero state; up to streams − 1 trailing tokens are not scored.
    /// </summary>
    public static double CrossEntropy(LanguageModel model, Data.TokenIds tokens, int streams = 32, int window = 256)
    {
        streams = Math.Max(1, Math.Min(streams, (tokens.Length - 1) / 2));
        int length = (tokens.Length - 1) / streams;
        if (length < 1) throw new ArgumentException($"A text of {tokens.Length} tokens is too short to evaluate (it needs at least 2).");
        using (model.Inference())
        {
            double total = 0;
            long count = 0;
            Variable? h = null, c = null;
            var x = new int[Math.Min(window, length) * streams];
            var y = new int[x.Length];
            for (int start = 0; start < length; start += window)
            {
                int T = Math.Min(window, length - start);
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < streams; b++)
                    {
                        x[t * streams + b] = tokens[b * length + start + t];
                        y[t * streams + b] = tokens[b * length + start + t + 1];
                    }
                var (logits, hn, cn) = model.Forward(x.AsSpan(0, T * streams), T, streams, h, c);
                total += Loss.CrossEntropy(logits, y.AsSpan(0, T * streams)).Value.Span[0] * (double)(T * streams);
                count += T * streams;
                (h, c) = (hn.Detach(), cn?.Detach());
            }
            return total / count;
        }
    }

    /// <summary>
    /// The evaluation of a stream: metrics <c>loss</c> (nats/token, the primary: lower is better), <c>bits</c>,
    /// <c>perplexity</c>, <c>tokens</c> and <c>unseen</c> (tokens the vocabulary had not seen, handled by its policy).
    /// </summary>
    public static Evaluation Evaluate(LanguageModel model, Data.TokenIds tokens, ITokenVocabulary vocabulary, int unseen)
    {
        double loss = CrossEntropy(model, tokens);
        string u = vocabulary.Unit;
        var metrics = new Dictionary<string, double>
        {
            ["loss"] = loss, ["bits"] = loss / Math.Log(2), ["perplexity"] = Math.Exp(loss), ["tokens"] = tokens.Length, ["unseen"] = unseen,
        };
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"loss {loss:F4} nats/{u}, {loss / Math.Log(2):F4} bits/{u}, perplexity {Math.Exp(loss):F3}");
        return new Evaluation(metrics, "loss", HigherIsBetter: false, summary);
    }

    /// <summary>The unseen-token report beside a score: "0 unseen chars (skipped)", "12 unseen words (scored as &lt;unk&gt;, 0.10%)".</summary>
    public static string UnseenReport(ITokenVocabulary vocabulary, int unseen, int tokens) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{unseen:N0} unseen {vocabulary.Unit}s ({vocabulary.UnseenPolicy}{(unseen > 0 ? $", {100.0 * unseen / Math.Max(1, tokens + (vocabulary.Unit == "char" ? unseen : 0)):F2}%" : "")})");
}
