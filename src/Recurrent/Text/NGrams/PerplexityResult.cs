namespace Recurrent.Text.NGrams;

/// <summary>Held-out scores: cross-entropy in nats per predicted token and perplexity = exp(cross-entropy).</summary>
public sealed record PerplexityResult(long Tokens, long OutOfVocabulary, long ZeroProbability, double CrossEntropy)
{
    public double Perplexity => Math.Exp(CrossEntropy);
    public double BitsPerToken => CrossEntropy / Math.Log(2);
}
