using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Models.Generation;

/// <summary>
/// Writes texts from a conditional model, many at once: stream i starts from the start symbol and its class's condition
/// and samples each character (never the start symbol) from softmax(logits / temperature) over the top k (<see cref="Sampler.Sample"/>), fed
/// back as the next input. Each stream draws from its own generator, seeded from the seed and its index, so a stream
/// writes the same text whatever else is generated beside it (up to the rounding of batched products).
/// </summary>
public sealed class ConditionalSampler(ConditionalLanguageModel model, CharVocabulary vocabulary)
{
    /// <summary><paramref name="length"/> characters for each class of <paramref name="classes"/> (ignored without conditioning: give any).</summary>
    public string[] Generate(IReadOnlyList<int> classes, int length, float temperature, int topK, ulong seed)
    {
        if (length < 0) throw new ArgumentException($"--length must be ≥ 0, got {length}.");
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentException($"--temperature must be positive, got {temperature}.");
        if (topK < 0) throw new ArgumentException($"--top-k must be ≥ 0 (0 = all), got {topK}.");
        var c = model.Config;
        int B = classes.Count, V = c.VocabSize, LBH = c.Layers * B * c.HiddenSize;
        var texts = new System.Text.StringBuilder[B];
        for (int b = 0; b < B; b++) texts[b] = new System.Text.StringBuilder(length);
        if (B == 0 || length == 0) return [.. texts.Select(t => t.ToString())];
        using var _ = model.Inference();
        var condition = c.IsConditional ? model.ConditionValues([.. classes]) : [];
        var hidden = new float[LBH];
        var cell = new float[model.HasCellState ? LBH : 0];
        var logits = new float[B * V];
        var scratch = new float[V];
        var tokens = Enumerable.Repeat(vocabulary.StartToken, B).ToArray();
        var rngs = Enumerable.Range(0, B).Select(b => new Rng(seed + 0x9E3779B97F4A7C15UL * (ulong)(b + 1))).ToArray();
        for (int t = 0; t < length; t++)
        {
            model.Step(tokens, condition, firstStep: t == 0, hidden, cell, logits);
            for (int b = 0; b < B; b++)
            {
                logits[b * V + vocabulary.StartToken] = float.NegativeInfinity;     // the start symbol is no character of a text
                tokens[b] = Sampler.Sample(logits.AsSpan(b * V, V), scratch, temperature, topK, rngs[b]);
                texts[b].Append(vocabulary.Decode(tokens[b]));
            }
        }
        return [.. texts.Select(t => t.ToString())];
    }
}
