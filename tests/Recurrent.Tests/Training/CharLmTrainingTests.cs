using Recurrent.Kernels;
using Recurrent.Models;
using Recurrent.Serialization;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>Checkpoints, exact resume, determinism and divergence handling of the character-model trainer.</summary>
public sealed class CharLmTrainingTests : TempDirectoryTest
{

    internal static readonly string Text = string.Concat(Enumerable.Repeat(
        "First Citizen:\nBefore we proceed any further, hear me speak.\nAll:\nSpeak, speak.\n", 40));

    private static readonly CharModelConfig Shape = new("lstm", 0, 8, 16, 2, 0.2f);

    private static TrainingConfig Config(string bptt) => new()
    {
        SeqLen = 12, Batch = 4, Steps = 12, EvalInterval = 4, WarmupSteps = 3, Bptt = bptt, Seed = 7,
    };

    private sealed class Quiet : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(HistoryPoint point) { }
        public void OnCheckpoint(string path, long step) { }
    }

    [Theory]
    [InlineData("stateful")]
    [InlineData("random")]
    public void Resuming_from_a_checkpoint_ends_exactly_where_the_uninterrupted_run_ends(string bptt)
    {
        var straight = CharLmTrainer.Create(Shape, Config(bptt), Text);
        Assert.Equal(TrainingOutcome.Completed, straight.Run(new Quiet(), PathOf("a.safetensors")));

        var interrupted = CharLmTrainer.Create(Shape, Config(bptt), Text);
        string path = PathOf("b.safetensors");
        interrupted.Run(new Quiet(), path, stopAtStep: 8);          // "killed" after the step-8 checkpoint
        var resumed = CharLmTrainer.Resume(path, Text);
        Assert.Equal(8, resumed.Step);
        Assert.Equal(TrainingOutcome.Completed, resumed.Run(new Quiet(), path));

        Assert.Equal(straight.History.Select(h => (h.Step, h.TrainLoss, h.ValidationLoss)),
                     resumed.History.Select(h => (h.Step, h.TrainLoss, h.ValidationLoss)));
        for (int i = 0; i < straight.Model.Parameters.Count; i++)
            Assert.Equal(straight.Model.Parameters[i].Value.Span.ToArray(), resumed.Model.Parameters[i].Value.Span.ToArray());
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_the_thread_count_does_not_change_it()
    {
        int saved = KernelThreads.Count;
        try
        {
            var losses = new List<double[]>();
            foreach (var threads in new[] { 1, 2, 2 })
            {
                KernelThreads.Count = threads;
                var trainer = CharLmTrainer.Create(Shape with { HiddenSize = 48 }, Config("stateful") with { Batch = 16 }, Text);
                trainer.Run(new Quiet(), PathOf($"t{threads}.safetensors"));
                losses.Add(trainer.History.Select(h => h.ValidationLoss).ToArray());
            }
            Assert.Equal(losses[0], losses[1]);
            Assert.Equal(losses[1], losses[2]);
            var other = CharLmTrainer.Create(Shape, Config("stateful") with { Seed = 8 }, Text);
            other.Run(new Quiet(), PathOf("seed8.safetensors"));
            Assert.NotEqual(losses[0][^1], other.History[^1].ValidationLoss);
        }
        finally { KernelThreads.Count = saved; }
    }

    [Fact]
    public void A_checkpoint_round_trips_the_model_vocabulary_and_its_score()
    {
        var trainer = CharLmTrainer.Create(Shape, Config("stateful"), Text);
        string path = PathOf("c.safetensors");
        trainer.Run(new Quiet(), path);
        var (model, vocabulary, _) = CharLmTrainer.LoadModel(path);
        Assert.Equal(trainer.Vocabulary.ToString(), vocabulary.ToString());
        Assert.Equal(trainer.Model.Parameters.Select(p => p.Name), model.Parameters.Select(p => p.Name));
        Assert.Equal(trainer.History[^1].ValidationLoss, CharLmTrainer.Evaluate(model, trainer.ValidationTokens), 10);
        Assert.Contains(model.Parameters, p => p.Name == "rnn.weight_hh_l1");
        Assert.Contains(model.Parameters, p => p.Name == "decoder.bias");
    }

    [Fact]
    public void Training_lowers_the_validation_loss_on_a_repetitive_text()
    {
        var trainer = CharLmTrainer.Create(Shape with { Dropout = 0 }, Config("stateful") with { Steps = 200, EvalInterval = 100, LearningRate = 1e-2f, MinLearningRate = 1e-3f }, Text);
        trainer.Run(new Quiet(), PathOf("d.safetensors"));
        Assert.True(trainer.History[^1].ValidationLoss < 0.6 * Math.Log(trainer.Vocabulary.Count),
            $"validation loss {trainer.History[^1].ValidationLoss:F3} should fall well below uniform ({Math.Log(trainer.Vocabulary.Count):F3})");
    }

    [Fact]
    public void A_NaN_loss_stops_training_and_keeps_the_last_good_checkpoint()
    {
        var trainer = CharLmTrainer.Create(Shape, Config("stateful"), Text);
        string path = PathOf("nan.safetensors");
        trainer.Run(new Quiet(), path, stopAtStep: 4);
        var before = File.ReadAllBytes(path);
        trainer.Model.Parameters.Single(p => p.Name == "decoder.bias").Value.Span[0] = float.NaN;
        Assert.Equal(TrainingOutcome.Diverged, trainer.Run(new Quiet(), path));
        Assert.Equal(4, trainer.Step);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(4, CharLmTrainer.Resume(path, Text).Step);
    }

    [Fact]
    public void Resuming_on_another_text_is_refused()
    {
        var trainer = CharLmTrainer.Create(Shape, Config("stateful"), Text);
        string path = PathOf("e.safetensors");
        trainer.Run(new Quiet(), path, stopAtStep: 4);
        var e = Assert.Throws<ArgumentException>(() => CharLmTrainer.Resume(path, Text + "Speak."));
        Assert.Contains("different text", e.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_kind_is_refused_by_name()
    {
        string path = PathOf("other.safetensors");
        new Checkpoint("ngram", new Dictionary<string, string>(), new Dictionary<string, Recurrent.Tensors.Tensor>()).Save(path);
        var e = Assert.Throws<InvalidDataException>(() => CharLmTrainer.LoadModel(path));
        Assert.Contains("recurrent/ngram/1", e.Message);
        Assert.Contains("recurrent/char-lm/1", e.Message);
    }
}

public sealed class TokenBatchTests
{
    [Fact]
    public void Sequential_windows_continue_each_stream_where_the_last_window_ended()
    {
        int[] tokens = Enumerable.Range(0, 101).ToArray();   // 2 streams of 50
        var batches = new SequentialBatches(tokens, steps: 5, batch: 2);
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
        var e = Assert.Throws<ArgumentException>(() => new SequentialBatches(new int[50], steps: 64, batch: 2));
        Assert.Contains("shorter than one window", e.Message);
        Assert.Contains("129", e.Message);
        Assert.Throws<ArgumentException>(() => new RandomBatches(new int[10], 64, 2, new Recurrent.Tensors.Rng(1)));
    }
}
