using System.CommandLine;
using System.Diagnostics;
using Recurrent.Data;
using Recurrent.Models.Tagging;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn tag</c>: part-of-speech tagging. <c>baselines</c> trains the most-frequent-tag and trigram-HMM taggers on the
/// training split and prints a line per system on the held-out one (the recurrent tagger comes with issue 14's next part).
/// </summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var command = new Command("tag", "Part-of-speech tagging: one tag per word");
        command.Subcommands.Add(Baselines());
        return command;
    }

    private static Command Baselines()
    {
        var tagset = new Option<string>("--tagset") { Description = "brown (as in the files), simplified (no -hl, -tl, -nc, fw-) or universal (12 tags)", DefaultValueFactory = _ => "universal" };
        var brown = new Option<string>("--brown") { Description = "A Brown corpus folder (default: the bundled copy); every 10th file is held out" };
        var data = new Option<string>("--data") { Description = "Training sentences as CoNLL columns (token, tag; a blank line between sentences) instead of Brown" };
        var test = new Option<string>("--test") { Description = "Held-out sentences in the same format as --data (required with it)" };
        var command = new Command("baselines", "Most-frequent tag and trigram HMM (TnT), trained on the training split, scored on the held-out one") { tagset, brown, data, test };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (train, heldOut, description) = Load(p.GetValue(data), p.GetValue(test), p.GetValue(brown), Tagsets.Parse(p.GetValue(tagset)!));
            Console.WriteLine(description);
            var known = train.SelectMany(s => s.Tokens).ToHashSet();
            foreach (var make in new Func<ISentenceTagger>[] { () => new MostFrequentTagger(train), () => new HmmTagger(train) })
            {
                var clock = Stopwatch.StartNew();
                var tagger = make();
                double trainSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var scores = TaggingScores.Of(tagger, heldOut, known.Contains);
                Console.WriteLine($"{tagger.Name}: {scores.Summary()}  (trained in {trainSeconds:F1} s, tagged in {clock.Elapsed.TotalSeconds:F1} s)");
                Console.WriteLine("  most confused (gold → predicted): " + string.Join(", ", scores.TopConfusions(5).Select(c => $"{c.Gold} → {c.Predicted} {c.Count}")));
            }
            return 0;
        }));
        return command;
    }

    /// <summary>(training, held-out, description): a CoNLL pair, or Brown by file in the tagset.</summary>
    public static (List<TaggedSentence> Train, List<TaggedSentence> HeldOut, string Description) Load(string? data, string? test, string? brown, Tagset tagset)
    {
        if (data is not null)
        {
            if (test is null) throw new ArgumentException("--data needs --test, the held-out sentences in the same format.");
            if (brown is not null) throw new ArgumentException("Give --brown or --data, not both.");
            var train = ConllColumns.Read(data, 0, ^1).ToList();
            var held = ConllColumns.Read(test, 0, ^1).ToList();
            return (train, held, $"train: {data} ({train.Count:N0} sentences, {train.Sum(s => s.Tokens.Count):N0} tokens); held out: {test} ({held.Count:N0} sentences, tags as written)");
        }
        var (t, h) = TaggingCorpus.Brown(brown ?? Bundled.Brown, tagset);
        return (t, h, $"Brown corpus ({brown ?? "bundled"}), {Tagsets.Name(tagset)} tags ({t.SelectMany(s => s.Tags).Distinct().Count()} in training): " +
            $"train {t.Count:N0} sentences, {t.Sum(s => s.Tokens.Count):N0} words; held out (every 10th file) {h.Count:N0} sentences, {h.Sum(s => s.Tokens.Count):N0} words");
    }
}
