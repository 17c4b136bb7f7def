using Recurrent.Data;

namespace Recurrent.Models.Tagging;

/// <summary>Tagged sentences for the taggers: the Brown corpus split by file (every 10th held out) in a tagset, or a CoNLL file.</summary>
public static class TaggingCorpus
{
    /// <summary>(training, held-out) sentences of the Brown corpus in <paramref name="directory"/>, tags mapped to <paramref name="tagset"/>.</summary>
    public static (List<TaggedSentence> Train, List<TaggedSentence> HeldOut) Brown(string directory, Tagset tagset)
    {
        var (train, heldOut) = BrownCorpus.SplitTagged(directory);
        return (Map(train, tagset), Map(heldOut, tagset));
    }

    /// <summary>Brown-format files (word/tag tokens, a sentence per line), tags mapped to <paramref name="tagset"/>.</summary>
    public static List<TaggedSentence> BrownFiles(IEnumerable<string> paths, Tagset tagset) =>
        Map(paths.SelectMany(BrownCorpus.ReadTaggedFile).ToList(), tagset);

    private static List<TaggedSentence> Map(List<TaggedWord[]> sentences, Tagset tagset) =>
        sentences.Select((s, i) => new TaggedSentence(s.Select(w => w.Word).ToArray(), s.Select(w => Tagsets.Map(w.Tag, tagset)).ToArray(), i + 1)).ToList();
}
