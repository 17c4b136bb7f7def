using Recurrent.Models.Classification;
using Recurrent.Models.LanguageModeling;
using Recurrent.Tensors;
using Recurrent.Tests.Training;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Tests.Reliability;

/// <summary>The library used from several threads: the results are exactly those each thread gets alone.</summary>
public sealed class ConcurrencyTests : TempDirectoryTest
{
    private static T[] OnThreads<T>(int count, Func<int, T> work)
    {
        var results = new T[count];
        var errors = new Exception?[count];
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            try { results[i] = work(i); } catch (Exception e) { errors[i] = e; }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(errors, e => Assert.Null(e));
        return results;
    }

    [Fact]
    public void Eight_threads_classifying_with_one_model_at_once_get_what_each_gets_alone()
    {
        string[] texts = ["a good film", "a bad film with bad actors", "good", "the plot was thin but the music was good", "bad bad bad"];
        var vocabulary = TokenVocabulary.Build("word", texts, minCount: 1, maxSize: 100);
        var config = new ClassifierConfig("lstm", VocabSize: vocabulary.Count, EmbeddingSize: 8, HiddenSize: 16, Classes: 2, Pooling: "attention");
        var classifier = new Classifier(new SequenceClassifier(config, new Rng(1)), ["neg", "pos"], vocabulary, null, maxLength: 50);
        List<ClassificationExample> Examples(int thread) =>
            [.. Enumerable.Range(0, 40).Select(i => ClassificationExample.OfText("pos", texts[(i + thread) % texts.Length], $"d{i}", $"e{i}"))];
        var alone = Enumerable.Range(0, 8).Select(t => classifier.Probabilities(Examples(t), batch: 7)).ToArray();
        for (int round = 0; round < 3; round++)
        {
            var together = OnThreads(8, t => classifier.Probabilities(Examples(t), batch: 7));
            for (int t = 0; t < 8; t++)
                for (int i = 0; i < 40; i++) Assert.Equal(alone[t][i], together[t][i]);
        }
    }

    [Fact]
    public void Four_threads_sampling_from_one_language_model_at_once_get_what_each_gets_alone()
    {
        var vocabulary = CharVocabulary.FromText(LanguageModelTrainingTests.Text);
        var model = new LanguageModel(new LanguageModelConfig("gru", vocabulary.Count, 8, 24, 2), new Rng(2));
        var sampler = new Sampler(model, vocabulary);
        string Sample(int thread) => string.Concat(sampler.Generate("First", 200, 0.9f, 0, new Rng((ulong)thread + 10)));
        var alone = Enumerable.Range(0, 4).Select(Sample).ToArray();
        Assert.Equal(alone, OnThreads(4, Sample));
    }

    [Fact]
    public void Two_models_training_in_one_process_at_once_end_as_each_does_alone()
    {
        var config = new TrainingConfig { Batch = 8, Steps = 30, EvalInterval = 10, WarmupSteps = 3, Seed = 5 };
        var shapes = new[] { new LanguageModelConfig("lstm", 0, 8, 32, 2, 0.1f), new LanguageModelConfig("gru", 0, 6, 40, 1, 0f) };
        Trainer Make(int i) => LanguageModelTrainingTests.Start(config with { Seed = 5 + (ulong)i }, shapes[i],
            new LanguageModelTaskConfig { SeqLen = 16 }, LanguageModelTrainingTests.Text);
        var alone = Enumerable.Range(0, 2).Select(i => { var t = Make(i); t.Run(new QuietObserver(), PathOf($"alone{i}.safetensors")); return t; }).ToArray();
        var together = OnThreads(2, i => { var t = Make(i); t.Run(new QuietObserver(), PathOf($"together{i}.safetensors")); return t; });
        for (int i = 0; i < 2; i++) LanguageModelTrainingTests.AssertSameRun(alone[i], together[i]);
    }
}
