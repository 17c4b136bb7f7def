namespace Recurrent.Models.Seq2Seq;

/// <summary>A trained encoder-decoder with its symbols: symbol sequences in, symbol sequences out.</summary>
public sealed class Translator(Seq2SeqModel model, Symbols source, Symbols target)
{
    public Seq2SeqModel Model => model;
    public Symbols Source => source;
    public Symbols Target => target;

    /// <summary>The source symbols the model has never seen, in order of appearance (each once).</summary>
    public IEnumerable<string> Unknown(IReadOnlyList<string> sequence) => sequence.Where(s => !source.Contains(s)).Distinct();

    /// <summary>Each source's n-best list by beam search (<see cref="BeamSearch"/>): outputs with log p and their normalised score, best first.</summary>
    public (string[] Output, double LogProbability, double Score)[][] Beam(IReadOnlyList<string[]> sources, int width, double alpha = 0.6) =>
        [.. BeamSearch.Decode(model, [.. sources.Select(s => source.Encode(s))], width, alpha)
            .Select(list => list.Select(h => (target.Decode(h.Ids), h.LogProbability, h.Score)).ToArray())];

    /// <summary>The best output of every source: greedy for width 1, else the top of the beam.</summary>
    public string[][] Decode(IReadOnlyList<string[]> sources, int width) =>
        width == 1 ? Greedy(sources) : [.. Beam(sources, width).Select(list => list[0].Output)];

    /// <summary>The greedy output of one source and its attention weights (output step × source symbol), or null weights without attention.</summary>
    public (string[] Output, float[][]? Weights) Attend(string[] sequence)
    {
        var (ids, weights) = Decoding.GreedyWithAttention(model, source.Encode(sequence));
        return (target.Decode(ids), weights);
    }

    /// <summary>The greedy output of every source, batched.</summary>
    public string[][] Greedy(IReadOnlyList<string[]> sources) =>
        [.. Decoding.Greedy(model, [.. sources.Select(s => source.Encode(s))]).Select(target.Decode)];
}
