using System.Security.Cryptography;
using System.Text;
using Recurrent.Data;

namespace Recurrent.Models.Tagging;

/// <summary>The sentences of a tagging run, split into training, validation and test (see <see cref="TaggingTaskConfig"/>), and the training tags.</summary>
public sealed class TaggingData
{
    private TaggingData(TaggingTaskConfig config, List<TaggedSentence> train, List<TaggedSentence> validation, List<TaggedSentence> test)
    {
        if (train.Count == 0) throw new ArgumentException($"{config.Data}: no training sentences.");
        (Config, Train, Validation, Test) = (config, train, validation, test);
        Tags = train.SelectMany(s => s.Tags).Distinct().Order(StringComparer.Ordinal).ToArray();
        var sha = SHA256.Create();
        foreach (var s in train) { var bytes = Encoding.UTF8.GetBytes(string.Join(' ', s.Tokens) + "\t" + string.Join(' ', s.Tags) + "\n"); sha.TransformBlock(bytes, 0, bytes.Length, null, 0); }
        sha.TransformFinalBlock([], 0, 0);
        Hash = Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    public TaggingTaskConfig Config { get; }
    public List<TaggedSentence> Train { get; }
    public List<TaggedSentence> Validation { get; }
    public List<TaggedSentence> Test { get; }

    /// <summary>The tags of the training sentences, in ordinal order: the model's outputs.</summary>
    public string[] Tags { get; }

    /// <summary>SHA-256 of the training sentences, so a resume refuses other data.</summary>
    public string Hash { get; }

    public static TaggingData Load(TaggingTaskConfig config, string bundledBrown)
    {
        var tagset = Tagsets.Parse(config.Tagset);
        if (config.IsBrown)
        {
            var files = BrownCorpus.Files(config.BrownDirectory ?? bundledBrown);
            List<TaggedSentence> Read(Func<int, bool> which) =>
                TaggingCorpus.BrownFiles(files.Where((_, i) => which(i)), tagset);
            return new TaggingData(config, Read(i => !Splits.IsHeldOutFile(i) && i % 20 != 4), Read(i => i % 20 == 4), Read(Splits.IsHeldOutFile));
        }
        var all = ConllColumns.Read(config.Data, 0, ^1).ToList();
        var validation = config.ValidationData is { } v ? ConllColumns.Read(v, 0, ^1).ToList() : all.Where((_, i) => i % 20 == 19).ToList();
        var train = config.ValidationData is null ? all.Where((_, i) => i % 20 != 19).ToList() : all;
        var test = config.TestData is { } t ? ConllColumns.Read(t, 0, ^1).ToList() : [];
        return new TaggingData(config, train, validation, test);
    }
}
