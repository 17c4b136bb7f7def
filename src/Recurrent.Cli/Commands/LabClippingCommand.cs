using System.CommandLine;
using System.Globalization;
using Recurrent.Models.GradientLab;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab clipping</c>: exploding gradients and what clipping does to them. A vanilla RNN whose recurrent matrix is
/// rescaled to a spectral radius above 1 is trained on the adding problem once per threshold θ (and once unclipped), from
/// the same initialisation and the same batches; the gradient norm before clipping and the loss are recorded at every
/// step, summarised in a line per θ and plotted. Clipping, g ← min(1, θ/‖g‖)·g, keeps the direction of a spike and
/// bounds its size, so a cliff in the loss surface moves the weights a bounded distance (Pascanu, Mikolov and Bengio 2013).
/// </summary>
internal static class LabClippingCommand
{
    public static Command Create()
    {
        var length = new Option<int>("--T") { Description = "Length of the adding-problem sequences", DefaultValueFactory = _ => 20 };
        var cell = new Option<string>("--cell") { Description = "rnn, rnn-relu or irnn", DefaultValueFactory = _ => "rnn" };
        var radius = new Option<double>("--radius") { Description = "Spectral radius the recurrent matrix is rescaled to", DefaultValueFactory = _ => 1.5 };
        var thetas = new Option<string>("--thetas") { Description = "Clipping thresholds θ, comma-separated ('off' = unclipped)", DefaultValueFactory = _ => "off,10,1,0.1" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Training steps per run", DefaultValueFactory = _ => 3000 };
        var minutes = new Option<double>("--minutes") { Description = "Time for all runs together, split evenly (0 = no cap)", DefaultValueFactory = _ => 0 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (the step is the gradient's size: spikes show) or adamw", DefaultValueFactory = _ => "sgd" };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => 0.02f };
        var momentum = new Option<float>("--momentum") { Description = "SGD's momentum", DefaultValueFactory = _ => 0.9f };
        var batch = new Option<int>("--batch") { Description = "Sequences per step", DefaultValueFactory = _ => 32 };
        var seed = new Option<ulong>("--seed") { Description = "Seeds initialisation, batches and the test set (the same for every θ)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for clipping.png (a panel per θ: ‖g‖ and loss per step)", DefaultValueFactory = _ => "runs/lab" };
        var command = new Command("clipping", "Exploding gradients: an RNN with spectral radius > 1 trained with and without clipping at several θ")
            { length, cell, radius, thetas, hidden, steps, minutes, optimizer, lr, momentum, batch, seed, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            int T = p.GetValue(length), total = p.GetValue(steps);
            if (T < 2) throw new ArgumentException($"--T must be at least 2, got {T}.");
            var clips = p.GetValue(thetas)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
                t == "off" ? 0f : float.TryParse(t, CultureInfo.InvariantCulture, out float v) && v > 0 && float.IsFinite(v) ? v
                    : throw new ArgumentException($"--thetas: '{t}' is neither 'off' nor a positive number.")).ToArray();
            if (clips.Length == 0) throw new ArgumentException("--thetas is empty.");
            string dir = p.GetValue(output)!;
            Directory.CreateDirectory(dir);
            ulong s = p.GetValue(seed);
            var setup = new LongLagSetup(p.GetValue(cell)!, p.GetValue(hidden), T, p.GetValue(batch), s + 1000, SpectralRadius: p.GetValue(radius));
            float rate = p.GetValue(lr);
            var config = new TrainingConfig
            {
                Batch = setup.Batch, LearningRate = rate, MinLearningRate = rate / 10, WeightDecay = 0, Optimizer = p.GetValue(optimizer)!,
                Momentum = p.GetValue(optimizer) == "sgd" ? p.GetValue(momentum) : 0, Steps = total, WarmupSteps = 0,
                EvalInterval = Math.Max(1, total / 20), Seed = s, Minutes = p.GetValue(minutes) / clips.Length,
            };
            Console.WriteLine($"adding problem T = {T}, {setup.Cell} H = {setup.Hidden} with W_hh rescaled to spectral radius {setup.SpectralRadius}; " +
                $"{config.Optimizer}{(config.Optimizer == "sgd" ? $" (momentum {config.Momentum})" : "")} lr {rate}, {total} steps per θ; " +
                $"‖g‖ is the global gradient norm before clipping; predicting 1 gives mse {AddingProblem.BaselineMse:F4}");
            var panels = new List<LinePlot.Panel>();
            foreach (float theta in clips)
            {
                string label = theta == 0 ? "off" : theta.ToString(CultureInfo.InvariantCulture);
                var trainer = Trainer.Start(config with { Clip = theta }, rng => new AddingTask(setup, rng));
                var watcher = new StepObserver();
                var outcome = trainer.Run(watcher, Path.Combine(dir, $"clipping-{label}.safetensors"));
                string summary = watcher.Summary(theta, outcome, trainer);
                Console.WriteLine($"clip {label,-5} " + summary);
                panels.Add(new LinePlot.Panel($"{(theta == 0 ? "unclipped" : $"clipped at θ = {label}")}: {summary.Split(';')[0]}", "step", "log10",
                    [new Series("‖g‖ before clipping", [.. watcher.Steps], [.. watcher.Norms.Select(Math.Log10)]),
                     new Series("batch MSE", [.. watcher.Steps], [.. watcher.Losses.Select(Math.Log10)])],
                    theta > 0 ? [(Math.Log10(theta), "θ")] : null));
            }
            string png = Path.Combine(dir, "clipping.png");
            LinePlot.SavePanels(png, [.. panels]);
            Console.WriteLine($"plot: {png}");
            return 0;
        }));
        return command;
    }

    /// <summary>Every step's loss and gradient norm before clipping.</summary>
    private sealed class StepObserver : ITrainingObserver
    {
        public List<double> Steps { get; } = [];
        public List<double> Losses { get; } = [];
        public List<double> Norms { get; } = [];

        public void OnStep(StepReport report, double elapsedSeconds)
        {
            Steps.Add(report.Step);
            Losses.Add(report.Loss);
            Norms.Add(report.GradientNorm);
        }

        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
        public void OnCheckpoint(string path, long step) { }

        /// <summary>
        /// The run in one line: the test MSE (or where it diverged), the median and largest ‖g‖, the spikes (steps with
        /// ‖g‖ above 10× the median) and the share of steps clipping changed.
        /// </summary>
        public string Summary(float theta, TrainingOutcome outcome, Trainer trainer)
        {
            var sorted = Norms.Order().ToArray();
            double median = sorted.Length > 0 ? sorted[sorted.Length / 2] : double.NaN, max = sorted.Length > 0 ? sorted[^1] : double.NaN;
            int spikes = Norms.Count(n => n > 10 * median);
            double clipped = theta > 0 && Norms.Count > 0 ? 100.0 * Norms.Count(n => n > theta) / Norms.Count : 0;
            string end = outcome == TrainingOutcome.Diverged
                ? $"diverged at step {trainer.Step + 1} (non-finite loss or gradient)"
                : trainer.History.Count > 0 ? $"test mse {trainer.History[^1].Metrics["mse"]:F4}" : "no step taken";
            return $"{end}; ‖g‖ median {median:0.00e+00}, max {max:0.00e+00}, {spikes} spikes (> 10× median), clipped {clipped:F1}% of steps";
        }
    }
}
