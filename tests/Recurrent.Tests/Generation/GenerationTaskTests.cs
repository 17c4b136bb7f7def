using Recurrent.Models.Generation;
using Recurrent.Tensors;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Generation;

/// <summary>Conditional generation on the shared trainer: its windows, what conditioning buys, exact resume, sampling.</summary>
public sealed class GenerationTaskTests : TempDirectoryTest
{
    // Two classes of made-up text: x writes words of a and b, y words of c and d. Rows are distinct documents.
    private string Data()
    {
        var rng = new Rng(11);
        string Words(string letters) => string.Join(' ', Enumerable.Range(0, 6 + rng.NextInt(6)).Select(_ =>
            new string([.. Enumerable.Range(0, 2 + rng.NextInt(3)).Select(_ => letters[rng.NextInt(2)])])));
        return WriteFile("texts.tsv", string.Join('\n', Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? $"x\t{Words("ab")}" : $"y\t{Words("cd")}")) + "\n");
    }

    private static readonly ConditionalLanguageModelConfig Shape = new(EmbeddingSize: 8, HiddenSize: 16, Layers: 1, Dropout: 0);

    private static TrainingConfig Config(int steps = 12) => new() { Batch = 8, Steps = steps, EvalInterval = 4, WarmupSteps = 2, Seed = 3, LearningRate = 1e-2f };

    private static Trainer Start(string data, string conditioning, int steps = 12) => Trainer.Start(Config(steps), rng =>
        new GenerationTask(Shape with { Conditioning = conditioning }, GenerationData.Load(new GenerationTaskConfig(data, SeqLen: 24), "unused"), 8, rng));

    [Fact]
    public void Pieces_start_at_word_starts_and_hold_every_character_once()
    {
        var doc = new GenerationDocument(0, [.. Enumerable.Range(0, 23)], [0, 4, 9, 10, 16, 22], "doc");
        var pieces = doc.Pieces(8).ToList();
        Assert.Equal([(0, 4), (4, 6), (10, 6), (16, 7)], pieces);
        // A word longer than a piece is cut.
        Assert.Equal([(0, 5), (5, 5), (10, 2)], new GenerationDocument(0, new int[12], [0], "long").Pieces(5).ToList());
    }

    [Fact]
    public void A_window_starts_with_the_start_symbol_and_ignores_past_its_piece()
    {
        var doc = new GenerationDocument(0, [5, 6, 7, 8], [0, 2], "doc");
        var (inputs, targets) = (new int[8], new int[8]);
        doc.FillWindow(2, 2, steps: 4, column: 1, batch: 2, startToken: 9, ignore: -100, inputs, targets);
        Assert.Equal([9, 7, 8, 9], new[] { inputs[1], inputs[3], inputs[5], inputs[7] });
        Assert.Equal([7, 8, -100, -100], new[] { targets[1], targets[3], targets[5], targets[7] });
    }

    [Fact]
    public void Conditioning_lowers_held_out_perplexity_below_the_same_model_without_it()
    {
        string data = Data();
        var perplexity = new Dictionary<string, double>();
        foreach (var conditioning in new[] { "first", "every", "none" })
        {
            var trainer = Start(data, conditioning, steps: 150);
            trainer.Run(new QuietObserver(), null);
            perplexity[conditioning] = trainer.Task.Evaluate().Metrics["perplexity"];
        }
        // Without the class, a piece's first letters are a guess between {a, b} and {c, d}.
        Assert.True(perplexity["first"] < perplexity["none"] * 0.97, $"first {perplexity["first"]:F3} vs none {perplexity["none"]:F3}");
        Assert.True(perplexity["every"] < perplexity["none"] * 0.97, $"every {perplexity["every"]:F3} vs none {perplexity["none"]:F3}");
    }

    [Fact]
    public void A_trained_model_writes_its_class_s_letters_and_a_stream_does_not_depend_on_its_neighbours()
    {
        var trainer = Start(Data(), "first", steps: 150);
        trainer.Run(new QuietObserver(), null);
        var task = (GenerationTask)trainer.Task;
        var sampler = new ConditionalSampler(task.Model, task.Data.Vocabulary);
        int x = Array.IndexOf(task.Data.Labels, "x"), y = Array.IndexOf(task.Data.Labels, "y");
        var texts = sampler.Generate([x, y, x], 60, temperature: 0.5f, topK: 0, seed: 5);
        Assert.All(texts, t => Assert.Equal(60, t.Length));
        Assert.True(texts[0].Count(ch => ch is 'a' or 'b') > 40, texts[0]);
        Assert.True(texts[1].Count(ch => ch is 'c' or 'd') > 40, texts[1]);
        // Read with the other class, the held-out documents cost more: the model uses its condition.
        double Nats(Func<GenerationDocument, int>? conditionOf) =>
            ConditionalPerplexity.Score(task.Model, task.Data.Validation, 2, 24, task.StartToken, conditionOf: conditionOf).Nats.Sum();
        Assert.True(Nats(null) < Nats(d => 1 - d.Class) * 0.97, $"{Nats(null):F1} vs {Nats(d => 1 - d.Class):F1}");
        // Stream i draws from its own generator: the same text beside other streams or alone.
        Assert.Equal(texts[1], sampler.Generate([x, y], 60, 0.5f, 0, seed: 5)[1]);
        Assert.Equal(texts[0], sampler.Generate([x], 60, 0.5f, 0, seed: 5)[0]);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_ends_exactly_where_the_uninterrupted_run_ends()
    {
        string data = Data();
        var straight = Start(data, "every");
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        var interrupted = Start(data, "every");
        string path = PathOf("b.safetensors");
        interrupted.Run(new QuietObserver(), path, stopAtStep: 8);
        var resumed = Trainer.Resume(path, (checkpoint, rng, config) => GenerationTask.Restore(checkpoint, path, config.Batch, rng, "unused"));
        Assert.Equal(8, resumed.Step);
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
    }

    [Fact]
    public void A_checkpoint_opens_with_its_classes_and_vocabulary_and_scores_per_class()
    {
        string data = Data();
        var trainer = Start(data, "first");
        trainer.Run(new QuietObserver(), PathOf("c.safetensors"));
        var (model, labels, vocabulary, config) = GenerationTask.Open(PathOf("c.safetensors"));
        Assert.Equal(["x", "y"], labels);
        Assert.Equal("\n abcd", vocabulary.ToString());
        Assert.Equal(24, config.SeqLen);
        var evaluation = new GenerationKind("unused").Evaluate(Recurrent.Serialization.Checkpoint.Load(PathOf("c.safetensors")), PathOf("c.safetensors"), new EvaluationRequest(null, "test"));
        Assert.Contains("perplexity.x", evaluation.Metrics.Keys);
        Assert.Contains("perplexity.y", evaluation.Metrics.Keys);
        Assert.Equal(evaluation.Metrics["perplexity"], Math.Exp(evaluation.Metrics["loss"]), 9);
        // "all" scores every document, more characters than the test part alone.
        var all = new GenerationKind("unused").Evaluate(Recurrent.Serialization.Checkpoint.Load(PathOf("c.safetensors")), PathOf("c.safetensors"), new EvaluationRequest(null, "all"));
        Assert.True(all.Metrics["characters"] > evaluation.Metrics["characters"] * 5);
    }
}
