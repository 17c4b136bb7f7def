namespace Recurrent.Models.Seq2Seq;

/// <summary>A trained encoder-decoder with its symbols: symbol sequences in, symbol sequences out.</summary>
public sealed class Translator(Seq2SeqModel model, Symbols source, Symbols target)
{
    public Seq2SeqModel Model => model;
    public Symbols Source => source;
    public Symbols Target => target;

    /// <summary>The source symbols the model has never seen, in order of appearance (each once).</summary>
    public IEnumerable<string> Unknown(IReadOnlyList<string> sequence) => sequence.Where(s => !source.Contains(s)).Distinct();

    /// <summary>The greedy output of every source, batched.</summary>
    public string[][] Greedy(IReadOnlyList<string[]> sources) =>
        [.. Decoding.Greedy(model, [.. sources.Select(s => source.Encode(s))]).Select(target.Decode)];
}
