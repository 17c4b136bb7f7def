using Recurrent.Tensors;
using Recurrent.Autograd;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Decoding without a graph (<see cref="Seq2SeqModel.DecoderRun"/>: the state in reused buffers), many sources at once. Greedy: at each step every unfinished sequence takes its most
/// probable symbol; a sequence ends at &lt;/s&gt; or after <c>maxLength</c> symbols. Sources are decoded in batches of
/// similar length (the order of the answers is the order of the sources).
/// </summary>
public static class Decoding
{
    /// <summary>Sources decoded together.</summary>
    public const int BatchSize = 256;

    /// <summary>The longest output allowed for a source of n symbols: 2n + 10 (G2P outputs are about as long as their inputs).</summary>
    public static int MaxLength(int sourceLength) => 2 * sourceLength + 10;

    /// <summary>The greedy output ids of each source (without &lt;/s&gt;).</summary>
    public static int[][] Greedy(Seq2SeqModel model, IReadOnlyList<int[]> sources)
    {
        var result = new int[sources.Count][];
        using (model.Inference())
            foreach (var batch in Batches(sources))
            {
                var (ids, steps, lengths) = Pad(batch.Select(i => sources[i]).ToArray());
                var source = model.Encode(ids, steps, lengths);
                int B = batch.Length, limit = lengths.Max(MaxLength);
                var outputs = batch.Select(_ => new List<int>()).ToArray();
                var done = new bool[B];
                var previous = Enumerable.Repeat(Symbols.Start, B).ToArray();
                var run = model.StartDecoding(source);
                int V = model.Config.TargetVocab;
                for (int t = 0; t < limit && done.Contains(false); t++)
                {
                    var logits = run.Step(previous);
                    for (int b = 0; b < B; b++)
                    {
                        int best = StableSoftmax.ArgMax(logits.Slice(b * V, V), Symbols.End);   // never <pad>, <unk>, <s>
                        previous[b] = best;
                        if (done[b]) continue;
                        if (best == Symbols.End || outputs[b].Count >= MaxLength(lengths[b])) done[b] = true;
                        else outputs[b].Add(best);
                    }
                }
                for (int b = 0; b < B; b++) result[batch[b]] = [.. outputs[b]];
            }
        return result;
    }

    /// <summary>
    /// The greedy output of one source with the attention weights of each step: weights[t][s] is how much output t read
    /// source symbol s (rows sum to 1). Null weights for a model without attention.
    /// </summary>
    public static (int[] Output, float[][]? Weights) GreedyWithAttention(Seq2SeqModel model, int[] source)
    {
        if (source.Length == 0) throw new ArgumentException("The source is empty: there is nothing to read.");
        using var inference = model.Inference();
        var run = model.StartDecoding(model.Encode(source, source.Length, [source.Length]));
        var output = new List<int>();
        var weights = new List<float[]>();
        int previous = Symbols.Start;
        while (output.Count < MaxLength(source.Length))
        {
            int best = StableSoftmax.ArgMax(run.Step([previous]), Symbols.End);
            if (best == Symbols.End) break;
            output.Add(previous = best);
            weights.Add(run.Weights.ToArray());
        }
        return ([.. output], model.Config.Attention == "none" ? null : [.. weights]);
    }

    /// <summary>Indices of the sources in batches of similar length (sorted by length, then cut).</summary>
    internal static IEnumerable<int[]> Batches(IReadOnlyList<int[]> sources)
    {
        for (int i = 0; i < sources.Count; i++)
            if (sources[i].Length == 0) throw new ArgumentException($"Source {i + 1} is empty: there is nothing to read.");
        var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ToArray();
        for (int start = 0; start < order.Length; start += BatchSize) yield return order[start..Math.Min(order.Length, start + BatchSize)];
    }

    /// <summary>Sources → ids (S, B) time-major padded with &lt;pad&gt;, S and the lengths.</summary>
    internal static (int[] Ids, int Steps, int[] Lengths) Pad(int[][] sources)
    {
        int B = sources.Length, S = sources.Max(s => s.Length);
        var ids = new int[S * B];
        for (int b = 0; b < B; b++)
            for (int s = 0; s < sources[b].Length; s++) ids[s * B + b] = sources[b][s];
        return (ids, S, [.. sources.Select(s => s.Length)]);
    }
}
