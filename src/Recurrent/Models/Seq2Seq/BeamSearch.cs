using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// Beam search over many sources at once, without a graph. Each source keeps K partial outputs (beams): at every step
/// each beam's K·V continuations are scored by log p so far + log p(y_t | …), and the K best survive per source.
/// A continuation by &lt;/s&gt; is finished: it leaves the beam with its score normalised by length,
///   score = log p / lp(n),  lp(n) = ((5 + n) / 6)^α   (Wu et al. 2016; α = 0: plain log-probability; n counts &lt;/s&gt;),
/// and a source is done once it has K finished outputs and no live beam can still beat the worst of them (log p only
/// falls as a sequence grows; with α &gt; 0 the bound uses the longest length allowed), or at the length limit, where the
/// live beams are finished as they stand. The result is each source's n-best list, best first.
/// Width 1 is greedy decoding.
/// </summary>
public static class BeamSearch
{
    /// <param name="model">The trained model (evaluation mode is set here).</param>
    /// <param name="sources">Source ids, each at least one.</param>
    /// <param name="width">K ≥ 1.</param>
    /// <param name="alpha">The length-normalisation exponent α ≥ 0.</param>
    /// <param name="maxLength">The longest output; by default <see cref="Decoding.MaxLength"/> of each source.</param>
    public static Hypothesis[][] Decode(Seq2SeqModel model, IReadOnlyList<int[]> sources, int width, double alpha = 0.6, int? maxLength = null)
    {
        if (width < 1) throw new ArgumentException($"The beam width must be at least 1, got {width}.");
        if (!(alpha >= 0)) throw new ArgumentException($"The length-normalisation exponent must be ≥ 0, got {alpha}.");
        var result = new Hypothesis[sources.Count][];
        using (model.Inference())
            foreach (var batch in Decoding.Batches(sources))
            {
                var answers = Batch(model, [.. batch.Select(i => sources[i])], width, alpha, maxLength);
                for (int b = 0; b < batch.Length; b++) result[batch[b]] = answers[b];
            }
        return result;
    }

    private static Hypothesis[][] Batch(Seq2SeqModel model, int[][] sources, int K, double alpha, int? maxLength)
    {
        int B = sources.Length, V = model.Config.TargetVocab;
        var (ids, steps, lengths) = Decoding.Pad(sources);
        var encoded = model.Encode(ids, steps, lengths);
        // Every source's memory, K times: row b·K + k is beam k of source b.
        var repeat = Enumerable.Range(0, B * K).Select(r => r / K).ToArray();
        var source = new EncodedSource(Rows(encoded.Memory, repeat), encoded.Keys is null ? null : Rows(encoded.Keys, repeat),
            [.. repeat.Select(b => lengths[b])], Rows(encoded.Start, repeat));
        var limits = sources.Select(s => maxLength ?? Decoding.MaxLength(s.Length)).ToArray();
        var scores = new double[B * K];
        for (int r = 0; r < B * K; r++) scores[r] = r % K == 0 ? 0 : double.NegativeInfinity;   // one live beam to start
        var outputs = Enumerable.Range(0, B * K).Select(_ => new List<int>()).ToArray();
        var finished = Enumerable.Range(0, B).Select(_ => new List<Hypothesis>()).ToArray();
        var done = new bool[B];
        var previous = Enumerable.Repeat(Symbols.Start, B * K).ToArray();
        var run = model.StartDecoding(source);
        var logp = new float[V];
        for (int t = 0; !done.All(d => d); t++)
        {
            var logits = run.Step(previous);
            var origin = new int[B * K];
            var nextScores = new double[B * K];
            var nextOutputs = new List<int>[B * K];
            for (int b = 0; b < B; b++)
            {
                if (done[b]) { for (int k = 0; k < K; k++) (origin[b * K + k], nextScores[b * K + k], nextOutputs[b * K + k]) = (b * K, double.NegativeInfinity, []); continue; }
                var candidates = new List<(double Score, int Beam, int Id)>();
                for (int k = 0; k < K; k++)
                {
                    int r = b * K + k;
                    if (double.IsNegativeInfinity(scores[r])) continue;
                    StableSoftmax.LogRow(logits.Slice(r * V, V), logp);
                    for (int v = Symbols.End; v < V; v++) candidates.Add((scores[r] + logp[v], k, v));   // never <pad>, <unk>, <s>
                }
                candidates.Sort((x, y) => y.Score.CompareTo(x.Score));
                int kept = 0;
                foreach (var (score, k, v) in candidates)
                {
                    var prefix = outputs[b * K + k];
                    if (v == Symbols.End || prefix.Count + 1 >= limits[b])
                    {
                        // Ends here: by </s>, or by reaching the length limit (finished as it stands).
                        int[] output = v == Symbols.End ? [.. prefix] : [.. prefix, v];
                        if (finished[b].Count < K || score / Penalty(output.Length + 1, alpha) > finished[b].Min(h => h.Score))
                            finished[b].Add(new Hypothesis(output, score, score / Penalty(output.Length + 1, alpha)));
                        continue;
                    }
                    if (kept == K) continue;
                    int slot = b * K + kept++;
                    (origin[slot], nextScores[slot], nextOutputs[slot]) = (b * K + k, score, [.. prefix, v]);
                }
                for (; kept < K; kept++) (origin[b * K + kept], nextScores[b * K + kept], nextOutputs[b * K + kept]) = (b * K, double.NegativeInfinity, []);
                finished[b] = [.. finished[b].OrderByDescending(h => h.Score).Take(K)];
                // Done when K outputs are finished and no live beam can beat the worst: its score only falls, and its best
                // normalised value is at the longest length allowed (α > 0) or now (α = 0).
                double bestLive = Enumerable.Range(0, K).Select(k => nextScores[b * K + k]).Max();
                double bound = double.IsNegativeInfinity(bestLive) ? bestLive : bestLive / Penalty(alpha > 0 ? limits[b] + 1 : 1, alpha);
                if (double.IsNegativeInfinity(bestLive) || (finished[b].Count == K && bound <= finished[b][^1].Score)) done[b] = true;
            }
            (scores, outputs) = (nextScores, nextOutputs);
            for (int r = 0; r < B * K; r++) previous[r] = outputs[r].Count > 0 ? outputs[r][^1] : Symbols.Start;
            run.Reorder(origin);      // every origin is a beam of the row's own source
        }
        return [.. finished.Select(f => f.ToArray())];
    }

    /// <summary>lp(n) = ((5 + n)/6)^α.</summary>
    public static double Penalty(int length, double alpha) => alpha == 0 ? 1 : Math.Pow((5.0 + length) / 6.0, alpha);

    /// <summary>Rows rows[i] of a (N, …) value, as a new (rows.Length, …) variable.</summary>
    private static Variable Rows(Variable v, int[] rows)
    {
        var shape = v.Value.Shape.ToArray();
        int width = v.Value.Length / shape[0];
        shape[0] = rows.Length;
        var y = Tensor.Zeros(shape);
        for (int i = 0; i < rows.Length; i++) v.Value.Span.Slice(rows[i] * width, width).CopyTo(y.Span.Slice(i * width, width));
        return new Variable(y);
    }

    private static DecoderState Rows(DecoderState s, int[] rows) =>
        new([.. s.Hidden.Select(h => Rows(h, rows))], [.. s.Cell.Select(c => c is null ? null : Rows(c, rows))], Rows(s.Feed, rows));
}
