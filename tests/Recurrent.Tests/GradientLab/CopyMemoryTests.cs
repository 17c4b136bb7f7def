using System.Numerics.Tensors;
using Recurrent.Models.GradientLab;
using Recurrent.Tensors;
using Tensor = Recurrent.Tensors.Tensor;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.GradientLab;

/// <summary>The copy-memory task: its layout as specified, its baselines, its metric, its runs reproducible and exactly resumable.</summary>
public sealed class CopyMemoryTests : TempDirectoryTest
{
    private static int Symbol(Tensor x, int t, int b, int batch)
    {
        var row = x.Span.Slice((t * batch + b) * CopyMemory.InputSize, CopyMemory.InputSize);
        Assert.Equal(1f, TensorPrimitives.Sum(row));
        return TensorPrimitives.IndexOfMax(row);
    }

    [Fact]
    public void Ten_symbols_then_blanks_a_delimiter_and_the_symbols_as_targets_after_it()
    {
        const int T = 7, B = 5, steps = T + 20;
        var (x, y) = CopyMemory.Batch(T, B, new Rng(2));
        Assert.Equal([steps, B, CopyMemory.InputSize], x.Shape.ToArray());
        for (int b = 0; b < B; b++)
        {
            var input = Enumerable.Range(0, steps).Select(t => Symbol(x, t, b, B)).ToArray();
            var target = Enumerable.Range(0, steps).Select(t => y[t * B + b]).ToArray();
            Assert.All(input[..10], s => Assert.InRange(s, 0, CopyMemory.Symbols - 1));
            Assert.All(input[10..(T + 9)], s => Assert.Equal(CopyMemory.Blank, s));
            Assert.Equal(CopyMemory.Delimiter, input[T + 9]);
            Assert.All(input[(T + 10)..], s => Assert.Equal(CopyMemory.Blank, s));
            Assert.All(target[..(T + 10)], s => Assert.Equal(CopyMemory.Blank, s));
            Assert.Equal(input[..10], target[(T + 10)..]);
        }
        Assert.Equal(y, CopyMemory.Batch(T, B, new Rng(2)).Targets);
        Assert.NotEqual(y, CopyMemory.Batch(T, B, new Rng(3)).Targets);
    }

    [Fact]
    public void The_memoryless_baseline_is_ten_uniform_guesses_spread_over_all_steps()
    {
        Assert.Equal(10 * Math.Log(8) / 120, CopyMemory.BaselineLoss(100), 12);
        Assert.Equal(0.125, CopyMemory.BaselineAccuracy);
    }

    [Fact]
    public void Recall_accuracy_counts_only_the_last_ten_steps()
    {
        const int T = 3, B = 2, steps = T + 20;
        var (_, y) = CopyMemory.Batch(T, B, new Rng(4));
        var logits = Tensor.Zeros(steps * B, CopyMemory.Classes);
        for (int r = 0; r < y.Length; r++) logits.Span[r * CopyMemory.Classes + y[r]] = 1;     // all right
        Assert.Equal(1.0, CopyMemoryTask.RecallAccuracy(logits, y, B));
        for (int r = 0; r < (T + 10) * B; r++) logits.Span.Slice(r * CopyMemory.Classes, CopyMemory.Classes).Clear();   // blanks wrong: no change
        Assert.Equal(1.0, CopyMemoryTask.RecallAccuracy(logits, y, B));
        int last = y.Length - 1;
        logits.Span[last * CopyMemory.Classes + y[last]] = 0;
        logits.Span[last * CopyMemory.Classes + (y[last] + 1) % CopyMemory.Symbols] = 1;      // one recalled symbol wrong
        Assert.Equal(19.0 / 20, CopyMemoryTask.RecallAccuracy(logits, y, B), 12);
    }

    [Fact]
    public void A_run_is_reproducible_by_seed_and_resumes_exactly()
    {
        var config = new TrainingConfig { Batch = 4, Steps = 10, EvalInterval = 5, LearningRate = 1e-2f, WarmupSteps = 2, Seed = 5 };
        var setup = new LongLagSetup("gru", 6, 4, config.Batch, 78);
        Trainer Start() => Trainer.Start(config, rng => new CopyMemoryTask(setup, rng));
        var straight = Start();
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        var again = Start();
        again.Run(new QuietObserver(), PathOf("b.safetensors"));
        LanguageModelTrainingTests.AssertSameRun(straight, again);
        string path = PathOf("c.safetensors");
        Start().Run(new QuietObserver(), path, stopAtStep: 5);
        var resumed = Trainer.Resume(path, (_, rng, c) => new CopyMemoryTask(setup, rng));
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
        Assert.InRange(straight.History[^1].Metrics["accuracy"], 0, 1);
    }
}
