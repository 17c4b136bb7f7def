namespace Recurrent.Models.Tagging;

/// <summary>Anything that tags a sentence: one tag per word, in the tagset it was trained on.</summary>
public interface ISentenceTagger
{
    /// <summary>The system's name in reports: "rnn", "hmm", "most-frequent".</summary>
    string Name { get; }

    string[] Tag(IReadOnlyList<string> words);

    /// <summary>Many sentences at once (a batched tagger overrides this).</summary>
    string[][] TagMany(IReadOnlyList<IReadOnlyList<string>> sentences) => sentences.Select(Tag).ToArray();
}
