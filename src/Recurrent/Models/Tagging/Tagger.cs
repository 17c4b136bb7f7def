using Recurrent.Models.Classification;

namespace Recurrent.Models.Tagging;

/// <summary>
/// A trained <see cref="SequenceTagger"/> with what it needs to read words: the word vocabulary (lower-cased words,
/// rare ones as &lt;unk&gt;), the character vocabulary (case kept) and the tag list. Builds the model's batches and tags
/// sentences in batches sorted by length, without a graph.
/// </summary>
public sealed class Tagger(SequenceTagger model, TokenVocabulary words, TokenVocabulary chars, string[] tags) : ISentenceTagger
{
    /// <summary>Characters read per word: longer words are cut (their first 30).</summary>
    public const int MaxWordLength = 30;

    public SequenceTagger Model { get; } = model;
    public TokenVocabulary Words { get; } = words;
    public TokenVocabulary Chars { get; } = chars;
    public string[] Tags { get; } = tags;
    public string Name => "rnn";

    /// <summary>Whether the word has an embedding of its own (not &lt;unk&gt;).</summary>
    public bool IsKnown(string word) => Words.IdOf(word.ToLowerInvariant()) != TokenVocabulary.Unknown;

    /// <summary>The word ids of a sentence.</summary>
    public int[] Encode(IReadOnlyList<string> sentence) => sentence.Select(w => Words.IdOf(w.ToLowerInvariant())).ToArray();

    /// <summary>
    /// The batch of <paramref name="columns"/> (sentences in batch order) with word ids (T, B) already padded, as
    /// <see cref="Data.PaddedBatch"/> gives them: the distinct words' characters are added.
    /// </summary>
    public TaggerInput Input(int steps, int[] ids, int[] lengths, IReadOnlyList<IReadOnlyList<string>> columns)
    {
        int B = lengths.Length;
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<int[]>();
        var slots = new int[steps * B];
        for (int b = 0; b < B; b++)
            for (int t = 0; t < lengths[b]; t++)
            {
                string word = columns[b][t];
                if (!slotOf.TryGetValue(word, out int slot))
                {
                    slotOf[word] = slot = distinct.Count;
                    var c = Chars.Encode(word, MaxWordLength);
                    distinct.Add(c.Length > 0 ? c : [TokenVocabulary.Unknown]);
                }
                slots[t * B + b] = slot;
            }
        int N = distinct.Count, C = distinct.Max(c => c.Length);
        var charIds = new int[C * N];
        for (int n = 0; n < N; n++)
            for (int t = 0; t < distinct[n].Length; t++) charIds[t * N + n] = distinct[n][t];
        return new TaggerInput(steps, ids, lengths, C, charIds, [.. distinct.Select(c => c.Length)], slots);
    }

    public string[] Tag(IReadOnlyList<string> words) => TagMany([words])[0];

    string[][] ISentenceTagger.TagMany(IReadOnlyList<IReadOnlyList<string>> sentences) => TagMany(sentences);

    /// <summary>Tags many sentences, <paramref name="batch"/> at a time, in batches of similar lengths; empty sentences get no tags.</summary>
    public string[][] TagMany(IReadOnlyList<IReadOnlyList<string>> sentences, int batch = 64)
    {
        var results = new string[sentences.Count][];
        var order = Enumerable.Range(0, sentences.Count).Where(i => sentences[i].Count > 0).OrderByDescending(i => sentences[i].Count).ToArray();
        foreach (int i in Enumerable.Range(0, sentences.Count).Where(i => sentences[i].Count == 0)) results[i] = [];
        using (Model.Inference())
            for (int start = 0; start < order.Length; start += batch)
            {
                var columns = order.Skip(start).Take(batch).ToArray();
                int B = columns.Length, T = sentences[columns[0]].Count;
                var ids = new int[T * B];
                var lengths = columns.Select(i => sentences[i].Count).ToArray();
                for (int b = 0; b < B; b++)
                {
                    var encoded = Encode(sentences[columns[b]]);
                    for (int t = 0; t < encoded.Length; t++) ids[t * B + b] = encoded[t];
                }
                var paths = Model.Decode(Input(T, ids, lengths, [.. columns.Select(i => sentences[i])]));
                for (int b = 0; b < B; b++) results[columns[b]] = [.. paths[b].Select(k => Tags[k])];
            }
        return results;
    }
}
