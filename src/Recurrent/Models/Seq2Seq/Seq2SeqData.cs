using System.Security.Cryptography;
using Recurrent.Data;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// A sequence-to-sequence data set: training pairs, and held-out examples with all their references. For CMUdict:
/// <list type="bullet">
/// <item>a source is the word's characters, upper-cased ("D'ARTAGNAN" → D ' A R …); a target its phones;</item>
/// <item>the split is by word (seeded, 90/5/5), so no word's variants are in two parts;</item>
/// <item>training takes every pronunciation of a word as a pair of its own (the model sees all of them; the variants
/// of the same spelling teach it that both are possible); scoring accepts any of a word's pronunciations;</item>
/// <item>without stress, the digits are removed from the phones (AH0 → AH) and variants that become equal merge.</item>
/// </list>
/// </summary>
public sealed class Seq2SeqData
{
    private Seq2SeqData(Seq2SeqTaskConfig config, List<(string[] Source, string[] Target)> train, List<Seq2SeqExample> validation, List<Seq2SeqExample> test, string hash) =>
        (Config, Train, Validation, Test, Hash) = (config, train, validation, test, hash);

    public Seq2SeqTaskConfig Config { get; }
    public List<(string[] Source, string[] Target)> Train { get; }
    public List<Seq2SeqExample> Validation { get; }
    public List<Seq2SeqExample> Test { get; }

    /// <summary>The data file's SHA-256 (16 hex digits) and the settings that shape the pairs.</summary>
    public string Hash { get; }

    /// <param name="config">What to read.</param>
    /// <param name="bundledDictionary">The CMUdict file used when the config names none.</param>
    public static Seq2SeqData Load(Seq2SeqTaskConfig config, string bundledDictionary)
    {
        string path = config.IsDictionary ? config.Dictionary ?? bundledDictionary : config.Data;
        if (!config.IsDictionary && (config.Validation is null) != (config.Test is null))
            throw new ArgumentException("Give both --val and --test, or neither (the data is then split 90/5/5 by source).");
        var examples = config.IsDictionary ? Examples(CmuDict.Read(path), config.Stress) : Examples(SequencePairs.Read(path, config.Units));
        IReadOnlyList<Seq2SeqExample>[] parts = config.Validation is { } val && config.Test is { } test
            ? [examples, Examples(SequencePairs.Read(val, config.Units)), Examples(SequencePairs.Read(test, config.Units))]
            : ItemSplit.ByKey(examples, e => e.Key, Seq2SeqTaskConfig.Fractions, config.SplitSeed, StringComparer.Ordinal);
        var train = parts[0].SelectMany(e => e.References.Select(r => (e.Source, r))).ToList();
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))[..16]
            + (config.IsDictionary ? config.Stress ? ":stress" : ":no-stress" : ":" + config.Units);
        return new Seq2SeqData(config, train, [.. parts[1]], [.. parts[2]], hash);
    }

    /// <summary>Pairs as examples: one per distinct source, its distinct targets the references, in file order.</summary>
    public static List<Seq2SeqExample> Examples(IEnumerable<(int Line, string[] Source, string[] Target)> pairs) =>
        [.. pairs.GroupBy(p => string.Join('\u001f', p.Source), StringComparer.Ordinal).Select(g =>
            new Seq2SeqExample(g.Key, g.First().Source, [.. g.Select(p => p.Target).DistinctBy(t => string.Join('\u001f', t))]))];

    /// <summary>Every word of a dictionary as an example: its characters and its distinct pronunciations, in variant order.</summary>
    public static List<Seq2SeqExample> Examples(CmuDict dictionary, bool stress) =>
        [.. dictionary.Entries.GroupBy(e => e.Word, StringComparer.Ordinal).Select(g =>
        {
            var references = g.OrderBy(e => e.Variant).Select(e => stress ? [.. e.Phones] : SequenceScores.WithoutDigits(e.Phones))
                .DistinctBy(p => string.Join(' ', p)).ToArray();
            return new Seq2SeqExample(g.Key, Letters(g.Key), references);
        })];

    /// <summary>A word as the model reads it: its characters, upper-cased (CMUdict's case).</summary>
    public static string[] Letters(string word) => [.. word.ToUpperInvariant().EnumerateRunes().Select(r => r.ToString())];
}
