using Recurrent.Kernels;
using Recurrent.Models.LanguageModeling;
using Recurrent.Serialization;
using Recurrent.Tensors;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>The language model on the shared trainer: checkpoints, exact resume, determinism and divergence handling.</summary>
public sealed class LanguageModelTrainingTests : TempDirectoryTest
{
    internal static readonly string Text = string.Concat(Enumerable.Repeat(
        "First Citizen:\nBefore we proceed any further, hear me speak.\nAll:\nSpeak, speak.\n", 40));

    private static readonly LanguageModelConfig Shape = new("lstm", 0, 8, 16, 2, 0.2f);

    private static TrainingConfig Config() => new() { Batch = 4, Steps = 12, EvalInterval = 4, WarmupSteps = 3, Seed = 7 };

    private static LanguageModelTaskConfig TaskConfig(string bptt) => new() { SeqLen = 12, Bptt = bptt };

    internal static Trainer Start(TrainingConfig config, LanguageModelConfig shape, LanguageModelTaskConfig task, string text) =>
        Trainer.Start(config, rng => new LanguageModelTask(shape, task, config.Batch, LanguageModelData.FromCharacters(text, task.ValidationFraction), rng));

    private static Trainer Start(string bptt = "stateful") => Start(Config(), Shape, TaskConfig(bptt), Text);

    internal static Trainer Resume(string path, string text, int? steps = null) => Trainer.Resume(path, (checkpoint, rng, config) =>
        LanguageModelTask.Restore(checkpoint, path, config.Batch, rng, (vocabulary, task) => LanguageModelData.FromCharacters(text, task.ValidationFraction, vocabulary)), steps);

    private static LanguageModelTask Lm(Trainer trainer) => (LanguageModelTask)trainer.Task;

    /// <summary>Everything a resumed run must reproduce: the history and every weight, bit for bit.</summary>
    internal static void AssertSameRun(Trainer expected, Trainer actual)
    {
        Assert.Equal(expected.Step, actual.Step);
        Assert.Equal(expected.History.Select(h => (h.Step, h.TrainLoss, string.Join(",", h.Metrics.Select(kv => $"{kv.Key}={kv.Value:R}")))),
                     actual.History.Select(h => (h.Step, h.TrainLoss, string.Join(",", h.Metrics.Select(kv => $"{kv.Key}={kv.Value:R}")))));
        var a = expected.Task.Model.Parameters; var b = actual.Task.Model.Parameters;
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value.Span.ToArray(), b[i].Value.Span.ToArray());
    }

    [Theory]
    [InlineData("stateful")]
    [InlineData("random")]
    public void Resuming_from_a_checkpoint_ends_exactly_where_the_uninterrupted_run_ends(string bptt)
    {
        var straight = Start(bptt);
        Assert.Equal(TrainingOutcome.Completed, straight.Run(new QuietObserver(), PathOf("a.safetensors")));

        var interrupted = Start(bptt);
        string path = PathOf("b.safetensors");
        interrupted.Run(new QuietObserver(), path, stopAtStep: 8);          // "killed" after the step-8 checkpoint
        var resumed = Resume(path, Text);
        Assert.Equal(8, resumed.Step);
        Assert.Equal(TrainingOutcome.Completed, resumed.Run(new QuietObserver(), path));
        AssertSameRun(straight, resumed);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void A_run_stopped_between_evaluations_and_saved_there_resumes_to_the_same_history_and_weights(int stopAfter)
    {
        var straight = Start();
        Assert.Equal(TrainingOutcome.Completed, straight.Run(new QuietObserver(), PathOf("a.safetensors")));

        // As Ctrl-C does: cancel after a step that is not an evaluation step, then save the checkpoint at that step.
        var interrupted = Start();
        string path = PathOf("b.safetensors");
        using var cancel = new CancellationTokenSource();
        var observer = new CancellingObserver(cancel, stopAfter);
        Assert.Equal(TrainingOutcome.Stopped, interrupted.Run(observer, path, cancel: cancel.Token));
        interrupted.SaveCheckpoint(path);
        var resumed = Resume(path, Text);
        Assert.Equal(stopAfter, resumed.Step);
        Assert.Equal(TrainingOutcome.Completed, resumed.Run(new QuietObserver(), path));
        AssertSameRun(straight, resumed);
    }

    private sealed class CancellingObserver(CancellationTokenSource cancel, int step) : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) { if (report.Step == step) cancel.Cancel(); }
        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
        public void OnCheckpoint(string path, long s) { }
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_thread_count_does_not_change_it()
    {
        int saved = KernelThreads.Count;
        try
        {
            var runs = new List<Trainer>();
            foreach (var threads in new[] { 1, 2, 2 })
            {
                KernelThreads.Count = threads;
                // H = 48, batch 16: large enough that two threads split the work.
                var trainer = Start(Config() with { Batch = 16 }, Shape with { HiddenSize = 48 }, TaskConfig("stateful"), Text);
                trainer.Run(new QuietObserver(), PathOf($"t{threads}.safetensors"));
                runs.Add(trainer);
            }
            AssertSameRun(runs[0], runs[1]);
            AssertSameRun(runs[1], runs[2]);
        }
        finally { KernelThreads.Count = saved; }
    }

    [Fact]
    public void Another_seed_and_nothing_else_gives_another_run()
    {
        var a = Start(Config(), Shape, TaskConfig("stateful"), Text);
        var b = Start(Config() with { Seed = 8 }, Shape, TaskConfig("stateful"), Text);
        a.Run(new QuietObserver(), PathOf("seed7.safetensors"));
        b.Run(new QuietObserver(), PathOf("seed8.safetensors"));
        Assert.NotEqual(a.History[^1].Metrics["loss"], b.History[^1].Metrics["loss"]);
        Assert.NotEqual(a.Task.Model.Parameters[0].Value.Span.ToArray(), b.Task.Model.Parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void A_checkpoint_round_trips_the_model_vocabulary_and_its_score()
    {
        var trainer = Start();
        string path = PathOf("c.safetensors");
        trainer.Run(new QuietObserver(), path);
        var (model, vocabulary, _) = LanguageModelTask.Open(path);
        Assert.Equal(Lm(trainer).Vocabulary.Serialize(), vocabulary.Serialize());
        Assert.Equal(trainer.Task.Model.Parameters.Select(p => p.Name), model.Parameters.Select(p => p.Name));
        Assert.Equal(trainer.History[^1].Metrics["loss"], Perplexity.CrossEntropy(model, Lm(trainer).Data.Validation), 10);
        Assert.Contains(model.Parameters, p => p.Name == "rnn.weight_hh_l1");
        Assert.Contains(model.Parameters, p => p.Name == "decoder.bias");
    }

    [Fact]
    public void The_best_checkpoint_holds_the_best_evaluation_of_the_run()
    {
        var trainer = Start();
        string path = PathOf("run/checkpoint.safetensors");
        trainer.Run(new QuietObserver(), path);
        int best = trainer.History.Select((h, i) => (h.Metrics["loss"], i)).Min().i;
        var saved = Checkpoint.Load(Trainer.BestPath(path));
        Assert.Equal(trainer.History[best].Step.ToString(), saved.Metadata["step"]);
    }

    [Fact]
    public void Training_lowers_the_validation_loss_on_a_repetitive_text()
    {
        var trainer = Start(Config() with { Steps = 200, EvalInterval = 100, LearningRate = 1e-2f, MinLearningRate = 1e-3f },
            Shape with { Dropout = 0 }, TaskConfig("stateful"), Text);
        trainer.Run(new QuietObserver(), PathOf("d.safetensors"));
        double uniform = Math.Log(Lm(trainer).Vocabulary.Count);
        Assert.True(trainer.History[^1].Metrics["loss"] < 0.6 * uniform,
            $"validation loss {trainer.History[^1].Metrics["loss"]:F3} should fall well below uniform ({uniform:F3})");
    }

    [Fact]
    public void A_NaN_loss_stops_training_and_keeps_the_last_good_checkpoint()
    {
        var trainer = Start();
        string path = PathOf("nan.safetensors");
        trainer.Run(new QuietObserver(), path, stopAtStep: 4);
        var before = File.ReadAllBytes(path);
        trainer.Task.Model.Parameters.Single(p => p.Name == "decoder.bias").Value.Span[0] = float.NaN;
        Assert.Equal(TrainingOutcome.Diverged, trainer.Run(new QuietObserver(), path));
        Assert.Equal(4, trainer.Step);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(4, Resume(path, Text).Step);
    }

    [Fact]
    public void Patience_stops_a_run_whose_metric_no_longer_improves()
    {
        // A learning rate of ~0 leaves the model where it is: no evaluation after the first improves on it.
        var trainer = Start(Config() with { LearningRate = 1e-9f, MinLearningRate = 0, Steps = 40, Patience = 2 }, Shape with { Dropout = 0 },
            TaskConfig("random"), Text);
        var outcome = trainer.Run(new QuietObserver(), PathOf("p.safetensors"));
        Assert.Equal(TrainingOutcome.EarlyStopped, outcome);
        Assert.True(trainer.Step < 40, $"stopped at step {trainer.Step}");
    }

    [Fact]
    public void Resuming_on_another_text_is_refused()
    {
        var trainer = Start();
        string path = PathOf("e.safetensors");
        trainer.Run(new QuietObserver(), path, stopAtStep: 4);
        var e = Assert.Throws<ArgumentException>(() => Resume(path, Text + "Speak."));
        Assert.Contains("different text", e.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_kind_is_refused_by_name()
    {
        string path = PathOf("other.safetensors");
        new Checkpoint("ngram", [], []).Save(path);
        var e = Assert.Throws<InvalidDataException>(() => LanguageModelTask.Open(path));
        Assert.Contains("recurrent/ngram/1", e.Message);
        Assert.Contains("recurrent/lm/1", e.Message);
    }
}

public sealed class LanguageModelWindowTests
{
    [Fact]
    public void Sequential_windows_continue_each_stream_where_the_last_window_ended()
    {
        int[] tokens = Enumerable.Range(0, 101).ToArray();   // 2 streams of 50
        var batches = new Recurrent.Data.SequentialWindows(tokens, steps: 5, batch: 2);
        Assert.True(batches.Next());                          // first window: state starts from zero
        Assert.Equal([0, 50, 1, 51, 2, 52, 3, 53, 4, 54], batches.Inputs);
        Assert.Equal([1, 51, 2, 52, 3, 53, 4, 54, 5, 55], batches.Targets);
        Assert.False(batches.Next());                         // continues: state carried
        Assert.Equal(5, batches.Inputs[0]);
        Assert.Equal(55, batches.Inputs[1]);
        for (int i = 2; i < batches.WindowsPerEpoch; i++) batches.Next();
        Assert.True(batches.Next());                          // wrapped around: state restarts
    }

    [Fact]
    public void A_text_shorter_than_one_window_is_refused_with_the_needed_length()
    {
        var e = Assert.Throws<ArgumentException>(() => new Recurrent.Data.SequentialWindows(new int[50], steps: 64, batch: 2));
        Assert.Contains("shorter than one window", e.Message);
        Assert.Contains("129", e.Message);
        Assert.Throws<ArgumentException>(() => new Recurrent.Data.RandomWindows(new int[10], 64, 2, new Recurrent.Tensors.Rng(1)));
    }
}
