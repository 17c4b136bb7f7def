using Recurrent.Models.GradientLab;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>The trainer's optimizer choice (AdamW or SGD with momentum) and clipping switched off with 0.</summary>
public sealed class TrainerOptimizerTests : TempDirectoryTest
{
    private static readonly LongLagSetup Setup = new("rnn", 6, 10, 8, 77, SpectralRadius: 1.5);

    private Trainer Run(TrainingConfig config, string name, long? stopAt = null)
    {
        var trainer = Trainer.Start(config, rng => new AddingTask(Setup, rng));
        trainer.Run(new QuietObserver(), PathOf(name), stopAt);
        return trainer;
    }

    private static TrainingConfig Sgd(float clip) => new()
    {
        Batch = 8, Steps = 12, EvalInterval = 4, LearningRate = 0.05f, WarmupSteps = 0, WeightDecay = 0, Seed = 3,
        Optimizer = "sgd", Momentum = 0.9f, Clip = clip,
    };

    [Fact]
    public void Clip_zero_leaves_the_gradient_as_a_threshold_no_step_reaches_does()
    {
        var off = Run(Sgd(0), "off.safetensors");
        LanguageModelTrainingTests.AssertSameRun(Run(Sgd(1e30f), "huge.safetensors"), off);
        var clipped = Run(Sgd(0.01f), "clipped.safetensors");
        Assert.NotEqual(off.History[^1].TrainLoss, clipped.History[^1].TrainLoss);
    }

    [Fact]
    public void Sgd_and_adamw_take_different_steps_and_sgd_with_momentum_resumes_exactly()
    {
        var sgd = Run(Sgd(1), "sgd.safetensors");
        var adamw = Run(Sgd(1) with { Optimizer = "adamw", Momentum = 0 }, "adamw.safetensors");
        Assert.NotEqual(sgd.History[^1].TrainLoss, adamw.History[^1].TrainLoss);
        string path = PathOf("resumed.safetensors");
        Run(Sgd(1), "resumed.safetensors", stopAt: 8);
        var resumed = Trainer.Resume(path, (_, rng, c) => new AddingTask(Setup, rng));
        Assert.Equal("sgd", resumed.Config.Optimizer);
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(sgd, resumed);
    }

    [Theory]
    [InlineData("adam", 0f, 1f, "--optimizer must be adamw or sgd")]
    [InlineData("sgd", 1f, 1f, "--momentum must be in [0, 1)")]
    [InlineData("sgd", 0f, -1f, "--clip must be ≥ 0")]
    public void Bad_choices_are_named(string optimizer, float momentum, float clip, string message)
    {
        var config = new TrainingConfig { Optimizer = optimizer, Momentum = momentum, Clip = clip };
        Assert.Contains(message, Assert.Throws<ArgumentException>(config.Validate).Message);
    }
}
