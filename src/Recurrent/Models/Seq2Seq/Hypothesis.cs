namespace Recurrent.Models.Seq2Seq;

/// <summary>One output of beam search: its ids (without &lt;/s&gt;), log p(ids, &lt;/s&gt; | source), and the length-normalised score it was ranked by.</summary>
public sealed record Hypothesis(int[] Ids, double LogProbability, double Score);
