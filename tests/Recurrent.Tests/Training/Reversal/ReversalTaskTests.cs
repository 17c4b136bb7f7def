using Recurrent.Cli;
using Recurrent.Models;
using Recurrent.Tests.Cli;
using Recurrent.Training;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>
/// The task contract, shown with a task that lives only in the tests: a model, a data reader, its metrics and a CLI
/// command are all it takes to train through the shared trainer, resume exactly, and be opened by <c>rnn eval</c>.
/// </summary>
[Collection("console")]
public sealed class ReversalTaskTests : TempDirectoryTest
{
    private static readonly ReversalConfig Config = new();
    private static readonly TrainingConfig Training = new() { Steps = 600, EvalInterval = 150, Batch = 32, LearningRate = 1e-2f, MinLearningRate = 1e-3f, WarmupSteps = 10, Seed = 5 };

    static ReversalTaskTests() => TaskRegistry.Register(new ReversalKind());

    private static Trainer Start() => Trainer.Start(Training, rng => new ReversalTask(Config, Training.Batch, rng));

    [Fact]
    public void The_test_task_learns_to_reverse_through_the_shared_trainer()
    {
        var trainer = Start();
        Assert.Equal(TrainingOutcome.Completed, trainer.Run(new QuietObserver(), PathOf("r.safetensors")));
        double chance = 1.0 / Config.Vocabulary, accuracy = trainer.History[^1].Metrics["accuracy"];
        Assert.True(accuracy > 0.9, $"token accuracy {accuracy:P1} after {trainer.Step} steps (chance {chance:P1})");
        Assert.True(trainer.History[0].Metrics["accuracy"] < accuracy);
    }

    [Fact]
    public void The_test_task_resumes_exactly()
    {
        var straight = Start();
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        string path = PathOf("b.safetensors");
        Start().Run(new QuietObserver(), path, stopAtStep: 300);
        var resumed = Trainer.Resume(path, (checkpoint, rng, c) => ReversalTask.Restore(checkpoint, path, c.Batch, rng));
        Assert.Equal(300, resumed.Step);
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
    }

    [Fact]
    public void A_run_fitted_to_its_time_limit_ends_its_schedule_when_the_time_runs_out()
    {
        // A million steps asked for, three seconds given: the schedule is moved to end with the time.
        var config = Training with { Steps = 1_000_000, Minutes = 0.05, FitToMinutes = true, EvalInterval = 100 };
        var trainer = Trainer.Start(config, rng => new ReversalTask(Config, config.Batch, rng));
        var rates = new List<float>();
        trainer.Run(new StepRecorder(r => rates.Add(r.LearningRate)), null);
        Assert.InRange(trainer.ScheduledSteps, Trainer.CalibrationSteps + 1, config.Steps - 1);
        float halfway = (config.LearningRate + config.MinLearningRate) / 2;
        Assert.True(rates[^1] < halfway, $"the last step's rate {rates[^1]:0.0e0} (of {config.LearningRate:0.0e0} down to {config.MinLearningRate:0.0e0}) after {rates.Count} steps");
        // The end moves at evaluations, but the run never turns into an evaluation at every step near the limit.
        Assert.InRange(trainer.History.Count, 1, trainer.Step / config.EvalInterval + 2);
    }

    private sealed class StepRecorder(Action<StepReport> onStep) : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) => onStep(report);
        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
        public void OnCheckpoint(string path, long step) { }
    }

    [Fact]
    public void Its_cli_command_trains_resumes_and_rnn_eval_and_params_open_its_checkpoint()
    {
        var extra = ReversalCommand.Create();
        string dir = PathOf("run");
        var first = CliRun.Run([extra], "reverse", "--out", dir, "--steps", "60", "--eval-interval", "30");
        Assert.True(first.Exit == 0, first.Error);
        var resumed = CliRun.Run([extra], "reverse", "--out", dir, "--resume", "--steps", "90");
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains("resuming at step 60 of 90", resumed.Out);

        string checkpoint = Path.Combine(dir, "checkpoint.safetensors");
        var evaluated = CliRun.Run([], "eval", "--model", checkpoint);
        Assert.True(evaluated.Exit == 0, evaluated.Error);
        string lastValidation = resumed.Out.Split('\n').Last(l => l.StartsWith("validation: ", StringComparison.Ordinal));
        Assert.StartsWith("token accuracy", evaluated.Out);
        Assert.Contains(evaluated.Out.Trim(), lastValidation);    // the same numbers as training's last evaluation
        var listed = CliRun.Run([], "params", "--model", checkpoint);
        Assert.Contains("rnn.weight_hh_l0_reverse", listed.Out);
        Assert.Contains("reversal of sequences; trained 90 steps", listed.Out);
    }
}
