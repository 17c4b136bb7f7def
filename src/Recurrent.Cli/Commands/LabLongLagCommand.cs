using System.CommandLine;
using Recurrent.Models.GradientLab;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab adding</c> and <c>rnn lab copy</c>: a long-lag task trained for each cell and length on the shared trainer,
/// a line per run beside the task's memoryless baseline (adding: test MSE against the 1/6 of predicting 1; copy: recall
/// accuracy against the 1/8 of guessing), and the learning curves of each length as a PNG.
/// </summary>
internal static class LabLongLagCommand
{
    public static Command Create(string task)
    {
        bool adding = task == "adding";
        var lengths = new Option<string>("--T") { Description = adding ? "Sequence lengths, comma-separated" : "Delays (steps between the symbols and their recall), comma-separated", DefaultValueFactory = _ => adding ? "50,100,200" : "50,100" };
        var cells = new Option<string>("--cells") { Description = $"{LabCells.Names} (irnn: ReLU RNN, identity init), comma-separated", DefaultValueFactory = _ => "rnn,lstm,gru" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => adding ? 64 : 128 };
        var steps = new Option<int>("--steps") { Description = "Training steps per run (the cosine schedule spans them)", DefaultValueFactory = _ => 3000 };
        var minutes = new Option<double>("--minutes") { Description = "Time for all runs together, split evenly (0 = no cap)", DefaultValueFactory = _ => 0 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (AdamW)", DefaultValueFactory = _ => 1e-3f };
        var batch = new Option<int>("--batch") { Description = "Sequences per step", DefaultValueFactory = _ => 32 };
        var forgetBias = new Option<float?>("--forget-bias") { Description = "Initial LSTM forget-gate bias (e.g. 1; default PyTorch's random init)" };
        var seed = new Option<ulong>("--seed") { Description = "Seeds initialisation, training batches and the test set", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = $"Folder for the checkpoints and {task}-T*.png", DefaultValueFactory = _ => "runs/lab" };
        var command = new Command(task, adding
            ? "The adding problem: each cell and length trained, test MSE beside the 1/6 of predicting 1"
            : "The copy-memory task: recall 10 symbols after T steps; each cell and delay trained, accuracy beside the 1/8 of guessing")
            { lengths, cells, hidden, steps, minutes, lr, batch, forgetBias, seed, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var Ts = LabCommand.Lengths(p.GetValue(lengths)!, "--T", adding ? 2 : 1);
            var names = LabCommand.Cells(p.GetValue(cells)!);
            string dir = p.GetValue(output)!;
            Directory.CreateDirectory(dir);
            int runs = Ts.Length * names.Length, total = p.GetValue(steps);
            ulong s = p.GetValue(seed);
            var config = Config(total, p.GetValue(lr), p.GetValue(batch), s, p.GetValue(minutes) / runs);
            float? bf = p.GetValue(forgetBias);
            Console.WriteLine((adding ? $"adding problem: predicting 1 gives mse {AddingProblem.BaselineMse:F4}"
                : $"copy memory: guessing recalls {CopyMemory.BaselineAccuracy:F3} of the symbols") +
                $"; {runs} runs of up to {total} steps" + (config.Minutes > 0 ? $", {config.Minutes:F1} min each" : ""));
            foreach (int T in Ts)
            {
                var curves = new List<Series>();
                foreach (var name in names)
                {
                    var setup = new LongLagSetup(name, p.GetValue(hidden), T, config.Batch, s + 1000, ForgetBias: name == "lstm" ? bf : null);
                    var trainer = Trainer.Start(config, rng => adding ? new AddingTask(setup, rng) : new CopyMemoryTask(setup, rng));
                    var watcher = new CurveObserver();
                    trainer.Run(watcher, Path.Combine(dir, $"{task}-{name}-T{T}.safetensors"));
                    string metric = adding ? "mse" : "accuracy";
                    var last = trainer.History[^1].Metrics;
                    double best = adding ? trainer.History.Min(h => h.Metrics[metric]) : trainer.History.Max(h => h.Metrics[metric]);
                    Console.WriteLine($"{name} T={T} {metric} {last[metric]:F4}  (best {best:F4}" + (adding ? "" : $", loss {last["loss"]:F4}") +
                        $", {trainer.Step} steps, {trainer.ElapsedSeconds / 60:F1} min)");
                    curves.Add(new Series(name, [.. watcher.Steps], [.. watcher.Values.Select(v => adding ? Math.Log10(v) : v)]));
                }
                double baseline = adding ? Math.Log10(AddingProblem.BaselineMse) : CopyMemory.BaselineAccuracy;
                curves.Add(new Series(adding ? "predict 1 (1/6)" : "guess (1/8)", [0, total], [baseline, baseline]));
                string png = Path.Combine(dir, $"{task}-T{T}.png");
                LinePlot.Save(png, adding ? $"adding problem, T = {T}" : $"copy memory, delay T = {T}", "step",
                    adding ? "log10 test MSE" : "test recall accuracy", [.. curves]);
                Console.WriteLine($"plot: {png}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The lab's training recipe: AdamW at <paramref name="lr"/> with a cosine decay to lr/10, clip 1, no weight decay, 20 evaluations.</summary>
    public static TrainingConfig Config(int steps, float lr, int batch, ulong seed, double minutes) => new()
    {
        Batch = batch, LearningRate = lr, MinLearningRate = lr / 10, Clip = 1f, WeightDecay = 0,
        Steps = steps, WarmupSteps = Math.Min(100, steps / 10), EvalInterval = Math.Max(1, steps / 20), Seed = seed, Minutes = minutes,
    };

    /// <summary>The primary test metric at each evaluation of a run.</summary>
    public sealed class CurveObserver : ITrainingObserver
    {
        public List<double> Steps { get; } = [];
        public List<double> Values { get; } = [];
        public void OnStep(StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { Steps.Add(point.Step); Values.Add(evaluation.PrimaryValue); }
        public void OnCheckpoint(string path, long step) { }
    }
}
