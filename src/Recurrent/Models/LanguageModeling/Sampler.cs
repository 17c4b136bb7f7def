using Recurrent.Tensors;
using Recurrent.Text;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// Generates text from a language model one token (character or word) at a time ("one-to-many"): the prompt primes the
/// state, then each sampled token is fed back in. Sampling: softmax(logits / temperature), restricted to the top k.
/// A prompt is read with the vocabulary's policy for what the model has not seen (<see cref="ITokenVocabulary.EncodeKnown"/>):
/// unseen characters are skipped, unseen words become &lt;unk&gt;.
/// </summary>
public sealed class Sampler(LanguageModel model, ITokenVocabulary vocabulary)
{
    /// <summary>Yields <paramref name="length"/> generated tokens' text (the prompt itself is not repeated).</summary>
    public IEnumerable<string> Generate(string prompt, int length, float temperature, int topK, Rng rng) =>
        Generate(vocabulary.EncodeKnown(prompt, out _), length, temperature, topK, rng);

    /// <summary>The same from token ids; an empty context starts from the vocabulary's start token.</summary>
    public IEnumerable<string> Generate(int[] context, int length, float temperature, int topK, Rng rng)
    {
        if (length < 0) throw new ArgumentException($"--length must be ≥ 0, got {length}.");
        if (!(temperature > 0) || !float.IsFinite(temperature)) throw new ArgumentException($"--temperature must be positive, got {temperature}.");
        if (topK < 0) throw new ArgumentException($"--top-k must be ≥ 0 (0 = all), got {topK}.");
        return GenerateCore(context.Length > 0 ? context : [vocabulary.StartToken], length, temperature, topK, rng);
    }

    // Enumerated on one thread: the model's inference lock is held until the enumeration ends.
    private IEnumerable<string> GenerateCore(int[] context, int length, float temperature, int topK, Rng rng)
    {
        using var _ = model.Inference();
        model.PrepareSteps();
        var c = model.Config;
        var hidden = new float[c.Layers * c.HiddenSize];
        var cell = new float[model.HasCellState ? c.Layers * c.HiddenSize : 0];
        var logits = new float[c.VocabSize];
        var scratch = new float[c.VocabSize];
        // Prime the state with the prompt, one token at a time (the last step's logits predict the first new token).
        foreach (int token in context) model.Step(token, hidden, cell, logits);
        for (int produced = 0; produced < length; produced++)
        {
            int next = Sample(logits, scratch, temperature, topK, rng);
            yield return vocabulary.Decode(next);
            if (produced + 1 < length) model.Step(next, hidden, cell, logits);
        }
    }

    /// <summary>Draws from softmax(logits / temperature) over the k most likely tokens (all when k = 0).</summary>
    public static int Sample(ReadOnlySpan<float> logits, Span<float> scratch, float temperature, int topK, Rng rng)
    {
        int V = logits.Length;
        float threshold = float.NegativeInfinity;
        if (topK > 0 && topK < V)
        {
            logits.CopyTo(scratch);
            scratch.Sort();
            threshold = scratch[V - topK];
        }
        float max = TensorPrimitives.Max(logits);
        double sum = 0;
        for (int i = 0; i < V; i++)
            sum += scratch[i] = logits[i] >= threshold ? MathF.Exp((logits[i] - max) / temperature) : 0f;
        double u = rng.NextDouble() * sum, acc = 0;
        int lastNonZero = 0;
        for (int i = 0; i < V; i++)
        {
            if (scratch[i] == 0) continue;
            lastNonZero = i;
            acc += scratch[i];
            if (u < acc) return i;
        }
        return lastNonZero;
    }
}
