using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Text.NGrams;
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
    public void A_word_model_trains_resumes_exactly_and_samples_words()
    {
        var train = Enumerable.Repeat(Train, 60).SelectMany(x => x).ToList();
        var data = TrainingData.FromWords(train, Train, 1, "test");
        var config = new TrainingConfig { SeqLen = 8, Batch = 4, Steps = 10, EvalInterval = 5, WarmupSteps = 2, Seed = 3 };
        var shape = new CharModelConfig("gru", 0, 8, 16, 1, 0.1f);
        var dir = Directory.CreateTempSubdirectory("recurrent-word-").FullName;
        try
        {
            var straight = CharLmTrainer.Create(shape, config, data);
            straight.Run(new NullObserver(), Path.Combine(dir, "a.safetensors"));
            var interrupted = CharLmTrainer.Create(shape, config, data);
            interrupted.Run(new NullObserver(), Path.Combine(dir, "b.safetensors"), stopAtStep: 5);
            var resumed = CharLmTrainer.Resume(Path.Combine(dir, "b.safetensors"), v => TrainingData.FromWords(train, Train, 1, "test", v));
            resumed.Run(new NullObserver(), Path.Combine(dir, "b.safetensors"));
            Assert.Equal(straight.History[^1].ValidationLoss, resumed.History[^1].ValidationLoss);

            var (model, vocabulary, _) = CharLmTrainer.LoadModel(Path.Combine(dir, "b.safetensors"));
            Assert.IsType<WordVocabulary>(vocabulary);
            var text = string.Concat(new CharSampler(model, vocabulary).Generate("the", 12, 1f, 0, new Rng(1)));
            Assert.All(text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries), w => Assert.Contains(w, new[] { "the", "cat", "sat", "dog", "down", "a", "ran", "off", "<unk>" }));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private sealed class NullObserver : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(HistoryPoint point) { }
        public void OnCheckpoint(string path, long step) { }
    }
}
