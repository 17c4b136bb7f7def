using Recurrent.Data;
using Recurrent.Losses;
using Recurrent.Models.Tagging;
using Recurrent.Tensors;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Tagging;

/// <summary>The BiLSTM tagger: batching and padding change nothing, the loss counts real tokens only, runs resume exactly.</summary>
public sealed class SequenceTaggerTests : TempDirectoryTest
{
    private static readonly string[][] Sentences =
    [
        ["The", "dog", "runs", "."], ["They", "run"], ["A", "cat", "saw", "the", "dog", "run", "."], ["Paris", "sleeps", "."],
    ];

    private static string Conll() => string.Join("\n\n", Sentences.Select(s => string.Join("\n", s.Select(w => $"{w} {(w.Length > 3 ? "L" : "S")}")))) + "\n";

    private TaggingData Data()
    {
        File.WriteAllText(PathOf("train.txt"), string.Concat(Enumerable.Repeat(Conll() + "\n", 6)));
        return TaggingData.Load(new TaggingTaskConfig { Data = PathOf("train.txt") }, "unused");
    }

    private static TaggerConfig Small => new() { WordEmbedding = 6, CharEmbedding = 4, CharHidden = 3, HiddenSize = 5, Dropout = 0 };

    [Fact]
    public void Tagging_in_a_batch_gives_each_sentence_the_logits_it_gets_alone()
    {
        var tagger = new TaggingTask(Small, Data(), 4, new Rng(1)).Tagger;
        var batched = Logits(tagger, Sentences);
        for (int i = 0; i < Sentences.Length; i++)
        {
            var alone = Logits(tagger, [Sentences[i]])[0];
            Assert.Equal(alone.Length, batched[i].Length);
            for (int j = 0; j < alone.Length; j++) Assert.Equal(alone[j], batched[i][j], 5);
        }
    }

    [Fact]
    public void With_a_crf_batched_viterbi_equals_one_sentence_at_a_time_and_training_lowers_the_loss()
    {
        var data = Data();
        var config = new TrainingConfig { Batch = 4, Steps = 60, EvalInterval = 60, LearningRate = 2e-2f, WarmupSteps = 1, Seed = 6 };
        var trainer = Trainer.Start(config, rng => new TaggingTask(Small with { Crf = true }, data, config.Batch, rng));
        var tagger = ((TaggingTask)trainer.Task).Tagger;
        Assert.Contains(tagger.Model.Parameters, p => p.Name == "crf.transitions");
        var first = trainer.TrainStep()!.Loss;
        trainer.Run(new QuietObserver(), PathOf("crf.safetensors"));
        Assert.True(trainer.History[^1].TrainLoss < 0.75 * first, $"loss {first} → {trainer.History[^1].TrainLoss}");
        var batched = tagger.TagMany(Sentences);
        for (int i = 0; i < Sentences.Length; i++) Assert.Equal(tagger.Tag(Sentences[i]), batched[i]);
        Assert.Equal(1.0, trainer.History[^1].Metrics["accuracy"]);                     // the toy tags (word length > 3) are learnable
    }

    // The logits of each sentence's real tokens (length × K), from one batch in the given order.
    private static float[][] Logits(Tagger tagger, string[][] sentences)
    {
        int B = sentences.Length, T = sentences.Max(s => s.Length), K = tagger.Tags.Length;
        var ids = new int[T * B];
        for (int b = 0; b < B; b++) { var e = tagger.Encode(sentences[b]); for (int t = 0; t < e.Length; t++) ids[t * B + b] = e[t]; }
        using (tagger.Model.Inference())
        {
            var z = tagger.Model.Forward(tagger.Input(T, ids, [.. sentences.Select(s => s.Length)], sentences)).Value.Span.ToArray();
            return sentences.Select((s, b) => Enumerable.Range(0, s.Length).SelectMany(t => z.Skip((t * B + b) * K).Take(K)).ToArray()).ToArray();
        }
    }

    [Fact]
    public void The_loss_of_a_padded_batch_is_the_token_weighted_mean_of_the_sentences_losses()
    {
        var tagger = new TaggingTask(Small, Data(), 4, new Rng(2)).Tagger;
        int K = tagger.Tags.Length;
        int[] Targets(string[] s) => s.Select(w => w.Length > 3 ? Array.IndexOf(tagger.Tags, "L") : Array.IndexOf(tagger.Tags, "S")).ToArray();
        double weighted = 0;
        foreach (var s in Sentences)
            weighted += s.Length * Loss.CrossEntropy(new Recurrent.Autograd.Variable(Tensor.FromArray(Logits(tagger, [s])[0], s.Length, K)), Targets(s)).Value.Span[0];
        weighted /= Sentences.Sum(s => s.Length);
        int B = Sentences.Length, T = Sentences.Max(s => s.Length);
        var all = Logits(tagger, Sentences);
        var padded = new float[T * B * K];
        var targets = Enumerable.Repeat(Loss.IgnoreIndex, T * B).ToArray();
        for (int b = 0; b < B; b++)
            for (int t = 0; t < Sentences[b].Length; t++)
            {
                Array.Copy(all[b], t * K, padded, (t * B + b) * K, K);
                targets[t * B + b] = Targets(Sentences[b])[t];
            }
        double batch = Loss.CrossEntropy(new Recurrent.Autograd.Variable(Tensor.FromArray(padded, T * B, K)), targets).Value.Span[0];
        Assert.Equal(weighted, batch, 5);
    }

    [Fact]
    public void A_run_is_reproducible_and_resumes_exactly()
    {
        var data = Data();
        var config = new TrainingConfig { Batch = 3, Steps = 8, EvalInterval = 4, LearningRate = 1e-2f, WarmupSteps = 1, Seed = 4 };
        Trainer Start() => Trainer.Start(config, rng => new TaggingTask(Small with { Dropout = 0.2f }, data, config.Batch, rng));
        var straight = Start();
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        string path = PathOf("b.safetensors");
        Start().Run(new QuietObserver(), path, stopAtStep: 4);
        var resumed = Trainer.Resume(path, (checkpoint, rng, c) => TaggingTask.Restore(checkpoint, path, c.Batch, rng, "unused"));
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
        var (opened, _) = TaggingTask.Open(path);
        Assert.Equal(((TaggingTask)straight.Task).Tagger.TagMany(Sentences), opened.TagMany(Sentences));
    }
}
