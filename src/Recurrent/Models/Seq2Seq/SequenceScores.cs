namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// How outputs compare with their references, each example scored against the reference closest to its output:
///   sequence error rate = share of examples whose output is none of their references (G2P's word error rate, WER);
///   token error rate = Σ min_r d(output, r) / Σ |r*|, d the edit distance and r* the closest reference (phone error rate, PER).
/// With <c>ignoreDigits</c>, digits are removed from every symbol first (ARPAbet stress: AH0 → AH), and symbols that
/// become empty are dropped.
/// </summary>
public sealed record SequenceScores(int Count, double SequenceErrorRate, double TokenErrorRate)
{
    public static SequenceScores Of(IReadOnlyList<Seq2SeqExample> examples, IReadOnlyList<string[]> outputs, bool ignoreDigits = false)
    {
        if (examples.Count != outputs.Count) throw new ArgumentException($"{examples.Count} examples but {outputs.Count} outputs.");
        if (examples.Count == 0) throw new ArgumentException("No examples to score.");
        int wrong = 0;
        long distance = 0, length = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            var output = ignoreDigits ? WithoutDigits(outputs[i]) : outputs[i];
            int best = int.MaxValue, bestLength = 0;
            foreach (var reference in examples[i].References)
            {
                var r = ignoreDigits ? WithoutDigits(reference) : reference;
                int d = EditDistance.Between(output, r);
                if (d < best || (d == best && r.Length < bestLength)) (best, bestLength) = (d, r.Length);
            }
            if (best > 0) wrong++;
            distance += best;
            length += bestLength;
        }
        return new SequenceScores(examples.Count, (double)wrong / examples.Count, length > 0 ? (double)distance / length : 0);
    }

    public static string[] WithoutDigits(IEnumerable<string> symbols) =>
        [.. symbols.Select(s => new string([.. s.Where(c => !char.IsAsciiDigit(c))])).Where(s => s.Length > 0)];

    /// <summary>"WER 22.8%  PER 5.4%".</summary>
    public string Summary(string sequence = "WER", string token = "PER") =>
        FormattableString.Invariant($"{sequence} {100 * SequenceErrorRate:F1}%  {token} {100 * TokenErrorRate:F1}%");
}
