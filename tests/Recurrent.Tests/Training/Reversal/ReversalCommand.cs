using System.CommandLine;
using Recurrent.Cli.Commands;
using Recurrent.Training;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>The test task's CLI command, <c>rnn reverse</c>: its own options (only --length), the shared ones from <see cref="TrainingOptions"/>.</summary>
internal static class ReversalCommand
{
    public static Command Create()
    {
        var length = new Option<int>("--length") { Description = "Tokens per sequence", DefaultValueFactory = _ => 5 };
        var training = new TrainingOptions(new TrainingConfig { Steps = 150, EvalInterval = 50, Batch = 16, LearningRate = 1e-2f, WarmupSteps = 10 }, "runs/reverse");
        var command = new Command("reverse", "Train a bidirectional LSTM to reverse short sequences (a test task)") { length };
        training.AddTo(command);
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var config = new ReversalConfig(Length: p.GetValue(length));
            string checkpoint = Path.Combine(training.OutDir(p), "checkpoint.safetensors");
            return TaskTraining.Run(p, training, new TrainingDisplay("reversal", "cross-entropy (nats/token)"),
                create: (rng, c) => new ReversalTask(config, c.Batch, rng),
                restore: (ck, rng, c) => ReversalTask.Restore(ck, checkpoint, c.Batch, rng));
        }));
        return command;
    }
}
