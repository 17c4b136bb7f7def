using System.Text.Json;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Text.NGrams;

namespace Recurrent.Tests.Text;

/// <summary>n-gram models: Kneser-Ney against an independent script, proper distributions, perplexity, files.</summary>
public sealed class NGramModelTests
{
    private static readonly string Shakespeare = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "tinyshakespeare", "input.txt"))[..30000];

    [Fact]
    public void Kneser_Ney_probabilities_match_the_independent_reference_script()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "ngram", "kn_reference.json")));
        var root = json.RootElement;
        var sentences = root.GetProperty("sentences").EnumerateArray().Select(s => (IReadOnlyList<string>)s.GetString()!.Split(' ')).ToList();
        var model = NGramModel.Train(sentences, TokenUnit.Word, root.GetProperty("order").GetInt32(), Smoothing.KneserNey);
        var discounts = root.GetProperty("discounts").EnumerateArray().ToList();
        for (int k = 1; k <= model.Order; k++)
            Assert.Equal(discounts[k - 1].EnumerateArray().Select(d => d.GetDouble()).ToArray(), model.Discounts(k).ToArray());
        foreach (var q in root.GetProperty("queries").EnumerateArray())
        {
            int[] context = q.GetProperty("context").EnumerateArray().Select(c => model.Vocabulary.IdOf(c.GetString()!)).ToArray();
            string word = q.GetProperty("word").GetString()!;
            double expected = q.GetProperty("p").GetDouble();
            Assert.True(Math.Abs(model.Probability(context, model.Vocabulary.IdOf(word)) - expected) < 1e-12,
                $"p({word} | {string.Join(" ", q.GetProperty("context").EnumerateArray())}): expected {expected}");
        }
    }

    public static TheoryData<Smoothing, TokenUnit, int> Configurations()
    {
        var data = new TheoryData<Smoothing, TokenUnit, int>();
        foreach (var s in Enum.GetValues<Smoothing>())
            foreach (var unit in new[] { TokenUnit.Char, TokenUnit.Word })
                foreach (var order in new[] { 1, 2, 3, 5, 10 })
                    data.Add(s, unit, order);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_seen_context_gets_a_distribution_that_sums_to_one(Smoothing smoothing, TokenUnit unit, int order)
    {
        var model = NGramModel.Train(NGramModel.Tokenize(Shakespeare, unit), unit, order, smoothing, addK: 0.1f);
        var rng = new Rng((ulong)order * 13 + (ulong)smoothing);
        var training = NGramModel.Tokenize(Shakespeare, unit).SelectMany(s => s.Prepend("<s>")).Select(model.Vocabulary.IdOf).ToArray();
        var p = new double[model.Vocabulary.Count];
        for (int trial = 0; trial < 60; trial++)
        {
            // Half the contexts come from the text (seen), half are random token strings (mostly unseen).
            int length = rng.NextInt(order + 1);
            int[] context = trial % 2 == 0
                ? training.AsSpan(rng.NextInt(training.Length - length), length).ToArray()
                : Enumerable.Range(0, length).Select(_ => 1 + rng.NextInt(model.Vocabulary.Count - 1)).ToArray();
            model.Distribution(context, p);
            double sum = p.Sum();
            bool unseenMle = smoothing == Smoothing.MaximumLikelihood && sum == 0;   // MLE has no distribution for an unseen context
            if (!unseenMle) Assert.True(Math.Abs(sum - 1) < 1e-9, $"context [{string.Join(",", context)}]: Σ p = {sum:R}");
            Assert.Equal(0, p[NGramVocabulary.Start]);
            for (int check = 0; check < 5; check++)
            {
                int w = 1 + rng.NextInt(model.Vocabulary.Count - 1);
                Assert.Equal(p[w], model.Probability(context, w), 12);
            }
        }
    }

    [Fact]
    public void Maximum_likelihood_gives_infinite_perplexity_on_unseen_events_and_says_how_many()
    {
        var model = NGramModel.Train(NGramModel.Tokenize(Shakespeare[..20000], TokenUnit.Char), TokenUnit.Char, 4, Smoothing.MaximumLikelihood);
        var result = model.Evaluate(NGramModel.Tokenize(Shakespeare[20000..], TokenUnit.Char));
        Assert.True(double.IsPositiveInfinity(result.Perplexity));
        Assert.True(result.ZeroProbability > 0);
        var smoothed = NGramModel.Train(NGramModel.Tokenize(Shakespeare[..20000], TokenUnit.Char), TokenUnit.Char, 4, Smoothing.KneserNey)
            .Evaluate(NGramModel.Tokenize(Shakespeare[20000..], TokenUnit.Char));
        Assert.True(smoothed.Perplexity is > 2 and < 20, $"KN 4-gram char perplexity {smoothed.Perplexity}");
        Assert.Equal(0, smoothed.ZeroProbability);
    }

    [Fact]
    public void Higher_orders_beat_the_unigram_and_Kneser_Ney_beats_add_one()
    {
        double Ppl(int order, Smoothing s) => NGramModel.Train(NGramModel.Tokenize(Shakespeare[..27000], TokenUnit.Char), TokenUnit.Char, order, s)
            .Evaluate(NGramModel.Tokenize(Shakespeare[27000..], TokenUnit.Char)).Perplexity;
        Assert.True(Ppl(3, Smoothing.KneserNey) < Ppl(1, Smoothing.KneserNey));
        Assert.True(Ppl(4, Smoothing.KneserNey) < Ppl(4, Smoothing.AddK));
    }

    [Fact]
    public void Out_of_vocabulary_words_map_to_unk_and_are_counted()
    {
        var model = NGramModel.Train([["a", "b", "a", "c"], ["a", "b"]], TokenUnit.Word, 2, Smoothing.KneserNey, minCount: 2);
        Assert.False(model.Vocabulary.Contains("c"));       // seen once: below --min-count 2
        var result = model.Evaluate([["a", "zebra", "b"]]);
        Assert.Equal(1, result.OutOfVocabulary);
        Assert.Equal(4, result.Tokens);                      // a, zebra→<unk>, b, </s>
        Assert.True(double.IsFinite(result.Perplexity));
    }

    [Fact]
    public void A_saved_model_loads_with_the_same_probabilities()
    {
        var model = NGramModel.Train(NGramModel.Tokenize(Shakespeare[..5000], TokenUnit.Word), TokenUnit.Word, 3, Smoothing.KneserNey);
        string path = Path.Combine(Path.GetTempPath(), $"ngram-{Guid.NewGuid():N}.bin");
        try
        {
            model.Save(path);
            var loaded = NGramModel.Load(path);
            var held = NGramModel.Tokenize(Shakespeare[5000..8000], TokenUnit.Word);
            Assert.Equal(model.Evaluate(held).CrossEntropy, loaded.Evaluate(held).CrossEntropy, 12);
            Assert.Equal(model.Sample(30, new Rng(3)), loaded.Sample(30, new Rng(3)));

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);
            Assert.Contains("truncated or corrupt", Assert.Throws<InvalidDataException>(() => NGramModel.Load(path)).Message);
            model.Save(path);
            bytes = File.ReadAllBytes(path);
            bytes[12 + BitConverter.ToInt32(bytes, 8) + 6] ^= 0x40;   // a high byte of the first unigram key
            File.WriteAllBytes(path, bytes);
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => NGramModel.Load(path)).Message);
            File.WriteAllText(path, "not a model");
            Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => NGramModel.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(0, "--order must be between 1 and 10, got 0")]
    [InlineData(11, "--order must be between 1 and 10, got 11")]
    public void Order_out_of_range_is_refused(int order, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => NGramModel.Train([["a"]], TokenUnit.Word, order, Smoothing.KneserNey)).Message);

    [Fact]
    public void Empty_training_text_is_refused() =>
        Assert.Contains("no tokens", Assert.Throws<ArgumentException>(() => NGramModel.Train([[]], TokenUnit.Char, 2, Smoothing.KneserNey)).Message);

    [Fact]
    public void Word_tokenizer_splits_words_punctuation_and_sentences()
    {
        var s = WordTokenizer.Sentences("First Citizen:\nBefore we proceed, hear me speak. Don't! Well-met?\n\nAll:\nSpeak");
        Assert.Equal(["first", "citizen", ":", "before", "we", "proceed", ",", "hear", "me", "speak", "."], s[0]);
        Assert.Equal(["don't", "!"], s[1]);
        Assert.Equal(["well-met", "?"], s[2]);
        Assert.Equal(["all", ":", "speak"], s[3]);
    }
}
