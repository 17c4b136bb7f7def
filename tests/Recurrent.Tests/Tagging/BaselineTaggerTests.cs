using Recurrent.Data;
using Recurrent.Models.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>The built-in baselines: the most-frequent-tag rules and the trigram HMM's Viterbi against brute force.</summary>
public sealed class BaselineTaggerTests
{
    private static TaggedSentence S(string tagged) =>
        new(tagged.Split(' ').Select(t => t[..t.LastIndexOf('/')]).ToArray(), tagged.Split(' ').Select(t => t[(t.LastIndexOf('/') + 1)..]).ToArray(), 1);

    private static readonly TaggedSentence[] Toy =
    [
        S("the/DET dog/NOUN runs/VERB ./."),
        S("the/DET dogs/NOUN run/VERB ./."),
        S("a/DET run/NOUN helps/VERB ./."),
        S("they/PRON run/VERB fast/ADV ./."),
        S("the/DET cat/NOUN saw/VERB a/DET run/NOUN ./."),
        S("Paris/NOUN sleeps/VERB ./."),
        S("the/DET walking/NOUN tires/VERB ./."),
        S("they/PRON saw/VERB Rome/NOUN ./."),
    ];

    [Fact]
    public void Most_frequent_uses_the_word_then_its_lower_case_then_hapaxes_with_its_ending_and_capitalisation()
    {
        var tagger = new MostFrequentTagger(Toy);
        Assert.Equal("VERB", tagger.TagWord("run"));                  // VERB 2, NOUN 2: the more frequent tag overall (VERB 9 > NOUN 8)
        Assert.Equal("DET", tagger.TagWord("The"));                   // seen lower-cased only
        Assert.Equal("VERB", tagger.TagWord("jumps"));                // unseen: hapaxes ending -mps? none; lower-case hapaxes: most are VERB
        Assert.Equal("NOUN", tagger.TagWord("Berlin"));               // capitalised hapaxes: Paris, Rome
        Assert.Equal("NOUN", tagger.TagWord("talking"));              // ending -ing: walking
    }

    [Fact]
    public void Hmm_interpolation_weights_sum_to_one_and_context_decides_an_ambiguous_word()
    {
        var hmm = new HmmTagger(Toy);
        Assert.Equal(1.0, hmm.L1 + hmm.L2 + hmm.L3, 12);
        Assert.Equal(["DET", "NOUN", "VERB", "."], hmm.Tag(["a", "run", "helps", "."]));
        Assert.Equal(["PRON", "VERB", "ADV", "."], hmm.Tag(["they", "run", "fast", "."]));
        Assert.Equal([], hmm.Tag([]));
    }

    [Theory]
    [InlineData("the run saw a dog .")]
    [InlineData("they run")]
    [InlineData("run")]
    [InlineData("Berlin saw the walking run .")]
    public void Hmm_viterbi_finds_the_path_of_the_highest_score_among_all_candidate_paths(string sentence)
    {
        var hmm = new HmmTagger(Toy);
        var words = sentence.Split(' ');
        var candidates = words.Select(w => hmm.Candidates(w).Tags).ToArray();
        double best = double.NegativeInfinity;
        int[]? argmax = null;
        void Enumerate(int i, int[] path)
        {
            if (i == words.Length)
            {
                double score = hmm.LogScore(words, path);
                if (score > best) (best, argmax) = (score, (int[])path.Clone());
                return;
            }
            foreach (int t in candidates[i]) { path[i] = t; Enumerate(i + 1, path); }
        }
        Enumerate(0, new int[words.Length]);
        var decoded = hmm.Decode(words);
        Assert.Equal(argmax, decoded);
        Assert.Equal(best, hmm.LogScore(words, decoded), 10);
        Assert.True(candidates.Aggregate(1, (n, c) => n * c.Length) > 1 || words.Length == 1);
    }

    [Fact]
    public void Scores_count_tokens_unseen_words_sentences_and_confusions()
    {
        var scores = new TaggingScores();
        scores.Add(["a", "b", "c"], ["X", "Y", "Y"], ["X", "X", "Y"], w => w != "b");
        scores.Add(["d"], ["Y"], ["Y"], _ => false);
        Assert.Equal(0.75, scores.Accuracy);
        Assert.Equal(0.5, scores.UnseenAccuracy);                     // b wrong, d right
        Assert.Equal(0.5, scores.SentenceAccuracy);
        Assert.Equal(("Y", "X", 1), scores.TopConfusions(3).Single());
        var y = scores.PerTag().First(t => t.Tag == "Y");
        Assert.Equal((3, 1.0, 2.0 / 3), (y.Support, y.Precision, y.Recall));
    }

    [Fact]
    public void Bio_spans_are_read_as_conlleval_reads_them_and_scored_exactly()
    {
        Assert.Equal([(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (6, 8, "ORG")],
            BioSpans.Extract(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "O", "I-ORG", "I-ORG"]));
        Assert.Equal([(0, 1, "PER"), (1, 2, "LOC")], BioSpans.Extract(["B-PER", "I-LOC"]));            // I- of another type starts a span
        var scores = new TaggingScores();
        scores.Add(["a", "b", "c", "d"], ["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "O", "O", "B-LOC"], _ => true);
        Assert.Equal((2, 2, 1), (scores.GoldSpans, scores.PredictedSpans, scores.RightSpans));       // PER cut short: wrong
        Assert.Equal(0.5, scores.SpanF1);
        Assert.Contains("span F1 0.5000", scores.Summary());
        var pos = new TaggingScores();
        pos.Add(["a"], ["NOUN"], ["NOUN"], _ => true);
        Assert.DoesNotContain("span F1", pos.Summary());
    }
}
