using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Text.NGrams;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Text;

/// <summary>Word-level tokens: the same events as the word n-gram models, so their perplexities compare.</summary>
public sealed class WordVocabularyTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string>> Train =
    [
        ["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat", "ran"], ["the", "cat", "ran", "off"],
    ];

    [Fact]
    public void A_stream_starts_with_an_end_marker_and_ends_every_sentence_with_one()
    {
        var v = WordVocabulary.FromSentences(Train, minCount: 2);
        int[] ids = v.Encode([["the", "cat", "barked"], ["a", "dog"]]);
        Assert.Equal(["\n", "the ", "cat ", "<unk> ", "\n", "<unk> ", "<unk> ", "\n"], ids.Select(v.Decode));
        Assert.Equal(WordVocabulary.Unknown, v.IdOf("dog"));   // seen once, below min count 2
    }

    [Fact]
    public void The_recurrent_model_is_scored_on_exactly_the_n_gram_models_events()
    {
        IReadOnlyList<IReadOnlyList<string>> heldOut = [["the", "bird", "sat"], ["a", "cat"]];
        var words = WordVocabulary.FromSentences(Train, minCount: 2);
        var ngram = NGramModel.Train(Train, TokenUnit.Word, 2, Smoothing.KneserNey, minCount: 2);
        var scored = ngram.Evaluate(heldOut);
        // The RNN predicts every token of its stream after the leading </s>: each word and each sentence end.
        Assert.Equal(scored.Tokens, words.Encode(heldOut).Length - 1);
        Assert.Equal(ngram.Vocabulary.Tokens.Where(t => t != "<s>").Order(StringComparer.Ordinal),
                     Enumerable.Range(0, words.Count).Select(i => words.Decode(i).TrimEnd() is "" ? "</s>" : words.Decode(i).TrimEnd()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_prompt_without_a_sentence_end_stays_open_and_the_vocabulary_round_trips()
    {
        var v = WordVocabulary.FromSentences(Train, 1);
        Assert.Equal(["\n", "the ", "cat "], v.Encode("The cat").Select(v.Decode));
        Assert.Equal(["\n", "the ", "cat ", "<unk> ", "\n"], v.Encode("The cat.").Select(v.Decode));   // '.' was never seen
        var back = WordVocabulary.Parse(v.Serialize());
        Assert.Equal(v.Count, back.Count);
        Assert.Equal(v.Encode("a dog ran off"), back.Encode("a dog ran off"));
    }

    [Fact]
    public void A_word_model_trains_resumes_exactly_and_learns_what_follows_a_word()
    {
        var train = Enumerable.Repeat(Train, 60).SelectMany(x => x).ToList();
        LanguageModelData Data(ITokenVocabulary? v = null) => LanguageModelData.FromWords(train, Train, 1, "test", v);
        var config = new TrainingConfig { Batch = 4, Steps = 10, EvalInterval = 5, WarmupSteps = 2, Seed = 3 };
        var task = new LanguageModelTaskConfig { SeqLen = 8 };
        var shape = new LanguageModelConfig("gru", 0, 8, 16, 1, 0.1f);
        Trainer Start() => Trainer.Start(config, rng => new LanguageModelTask(shape, task, config.Batch, Data(), rng));
        var dir = Directory.CreateTempSubdirectory("recurrent-word-").FullName;
        try
        {
            var straight = Start();
            straight.Run(new QuietObserver(), Path.Combine(dir, "a.safetensors"));
            var interrupted = Start();
            string path = Path.Combine(dir, "b.safetensors");
            interrupted.Run(new QuietObserver(), path, stopAtStep: 5);
            var resumed = Trainer.Resume(path, (checkpoint, rng, c) => LanguageModelTask.Restore(checkpoint, path, c.Batch, rng, (v, _) => Data(v)));
            resumed.Run(new QuietObserver(), path);
            LanguageModelTrainingTests.AssertSameRun(straight, resumed);

            // Trained longer, the model has learnt the corpus' one certainty: "dog" is always followed by "sat".
            var longer = Trainer.Start(config with { Steps = 150, EvalInterval = 150, LearningRate = 1e-2f, MinLearningRate = 1e-3f },
                rng => new LanguageModelTask(shape with { Dropout = 0 }, task, config.Batch, Data(), rng));
            longer.Run(new QuietObserver(), Path.Combine(dir, "c.safetensors"));
            var (model, vocabulary, _) = LanguageModelTask.Open(Path.Combine(dir, "c.safetensors"));
            Assert.IsType<WordVocabulary>(vocabulary);
            var next = string.Concat(new Sampler(model, vocabulary).Generate("the dog", 1, 1f, topK: 1, new Rng(1)));
            Assert.Equal("sat ", next);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
