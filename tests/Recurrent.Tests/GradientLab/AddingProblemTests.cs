using Recurrent.Models.GradientLab;
using Recurrent.Tensors;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.GradientLab;

/// <summary>The adding problem: its data as specified and reproducible by seed, its baseline, its runs exactly resumable.</summary>
public sealed class AddingProblemTests : TempDirectoryTest
{
    [Fact]
    public void Two_marked_steps_one_in_each_half_and_the_target_is_their_sum()
    {
        var (x, y) = AddingProblem.Batch(10, 200, new Rng(3));
        for (int b = 0; b < 200; b++)
        {
            var marked = Enumerable.Range(0, 10).Where(t => x.Span[(t * 200 + b) * 2 + 1] == 1).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.True(marked[0] < 5 && marked[1] >= 5);
            Assert.Equal(x.Span[(marked[0] * 200 + b) * 2] + x.Span[(marked[1] * 200 + b) * 2], y.Span[b]);
        }
        Assert.Equal(x.Span.ToArray(), AddingProblem.Batch(10, 200, new Rng(3)).Inputs.Span.ToArray());
    }

    [Fact]
    public void Predicting_one_scores_about_a_sixth()
    {
        var (_, y) = AddingProblem.Batch(20, 20000, new Rng(4));
        double mse = y.Span.ToArray().Average(v => (v - 1.0) * (v - 1.0));
        Assert.Equal(AddingProblem.BaselineMse, mse, 2);
    }

    [Fact]
    public void The_irnn_starts_from_the_identity()
    {
        var model = new LongLagModel("irnn", 2, 4, 1, new Rng(1));
        var whh = model.Parameters.Single(p => p.Name == "rnn.weight_hh_l0").Value.Span.ToArray();
        Assert.Equal(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }, whh);
        Assert.All(model.Parameters.Where(p => p.Name.StartsWith("rnn.bias")), p => Assert.All(p.Value.Span.ToArray(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void A_run_is_reproducible_by_seed_and_resumes_exactly()
    {
        var config = new TrainingConfig { Batch = 8, Steps = 12, EvalInterval = 4, LearningRate = 1e-2f, WarmupSteps = 2, Seed = 9 };
        var setup = new LongLagSetup("lstm", 6, 12, config.Batch, 77);
        Trainer Start() => Trainer.Start(config, rng => new AddingTask(setup, rng));
        var straight = Start();
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        var again = Start();
        again.Run(new QuietObserver(), PathOf("b.safetensors"));
        LanguageModelTrainingTests.AssertSameRun(straight, again);
        string path = PathOf("c.safetensors");
        Start().Run(new QuietObserver(), path, stopAtStep: 8);
        var resumed = Trainer.Resume(path, (_, rng, c) => new AddingTask(setup, rng));
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
    }
}
