using System.CommandLine;
using Recurrent.Layers;
using Recurrent.Models.GradientLab;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab</c>: the theory of recurrent networks, measured. <c>gradients</c>: ‖∂L/∂h_t‖ for every step of a long
/// sequence, for each cell at PyTorch's initialisation, as a table and a PNG of log-norm against the lag. <c>adding</c>: the
/// adding problem trained for each cell and length, its test MSE beside the 1/6 of predicting 1, learning curves as PNGs.
/// </summary>
internal static class LabCommand
{
    private static readonly int[] Lags = [0, 1, 5, 10, 25, 50, 100, 200, 400];

    public static Command Create()
    {
        var command = new Command("lab", "See the theory happen: vanishing and exploding gradients, measured");
        command.Subcommands.Add(Gradients());
        command.Subcommands.Add(Adding());
        return command;
    }

    private static Command Adding()
    {
        var lengths = new Option<string>("--T") { Description = "Sequence lengths, comma-separated", DefaultValueFactory = _ => "50,100,200" };
        var cells = new Option<string>("--cells") { Description = "lstm, gru, rnn, rnn-relu, irnn (ReLU RNN, identity init), comma-separated", DefaultValueFactory = _ => "rnn,lstm,gru" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Training steps per run (the cosine schedule spans them)", DefaultValueFactory = _ => 3000 };
        var minutes = new Option<double>("--minutes") { Description = "Time for all runs together, split evenly (0 = no cap)", DefaultValueFactory = _ => 0 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (AdamW)", DefaultValueFactory = _ => 1e-3f };
        var batch = new Option<int>("--batch") { Description = "Sequences per step", DefaultValueFactory = _ => 32 };
        var seed = new Option<ulong>("--seed") { Description = "Seeds initialisation, training batches and the test set", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the checkpoints and adding-T*.png", DefaultValueFactory = _ => "runs/lab" };
        var command = new Command("adding", "The adding problem: each cell and length trained, test MSE beside the 1/6 of predicting 1")
            { lengths, cells, hidden, steps, minutes, lr, batch, seed, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var Ts = p.GetValue(lengths)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
                int.TryParse(t, out int v) && v >= 2 ? v : throw new ArgumentException($"--T: '{t}' is not a length ≥ 2.")).ToArray();
            var names = p.GetValue(cells)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names) if (name != "irnn") RecurrentModeExtensions.ParseCellName(name);
            string dir = p.GetValue(output)!;
            Directory.CreateDirectory(dir);
            int runs = Ts.Length * names.Length, total = p.GetValue(steps);
            var config = new Training.TrainingConfig
            {
                Batch = p.GetValue(batch), LearningRate = p.GetValue(lr), MinLearningRate = p.GetValue(lr) / 10, Clip = 1f, WeightDecay = 0,
                Steps = total, WarmupSteps = Math.Min(100, total / 10), EvalInterval = Math.Max(1, total / 20), Seed = p.GetValue(seed),
                Minutes = p.GetValue(minutes) / runs,
            };
            Console.WriteLine($"adding problem: predicting 1 gives mse {AddingProblem.BaselineMse:F4}; {runs} runs of up to {total} steps" +
                (config.Minutes > 0 ? $", {config.Minutes:F1} min each" : ""));
            foreach (int T in Ts)
            {
                var curves = new List<Series>();
                foreach (var name in names)
                {
                    var trainer = Training.Trainer.Start(config, rng => new AddingTask(name, p.GetValue(hidden), T, config.Batch, p.GetValue(seed) + 1000, rng));
                    var watcher = new CurveObserver();
                    trainer.Run(watcher, Path.Combine(dir, $"adding-{name}-T{T}.safetensors"));
                    double mse = watcher.Last;
                    Console.WriteLine($"{name} T={T} mse {mse:F4}  (best {watcher.Best:F4}, {trainer.Step} steps, {trainer.ElapsedSeconds / 60:F1} min)");
                    curves.Add(new Series(name, [.. watcher.Steps], [.. watcher.Values.Select(Math.Log10)]));
                }
                curves.Add(new Series("predict 1 (1/6)", [0, total], [Math.Log10(AddingProblem.BaselineMse), Math.Log10(AddingProblem.BaselineMse)]));
                string png = Path.Combine(dir, $"adding-T{T}.png");
                LinePlot.Save(png, $"adding problem, T = {T}", "step", "log10 test MSE", [.. curves]);
                Console.WriteLine($"plot: {png}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The test MSE at each evaluation of a run.</summary>
    private sealed class CurveObserver : Training.ITrainingObserver
    {
        public List<double> Steps { get; } = [];
        public List<double> Values { get; } = [];
        public double Last => Values.Count > 0 ? Values[^1] : double.NaN;
        public double Best => Values.Count > 0 ? Values.Min() : double.NaN;
        public void OnStep(Training.StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(Training.HistoryPoint point, Training.Evaluation evaluation) { Steps.Add(point.Step); Values.Add(evaluation.PrimaryValue); }
        public void OnCheckpoint(string path, long step) { }
    }

    private static Command Gradients()
    {
        var steps = new Option<int>("--T") { Description = "Sequence length T", DefaultValueFactory = _ => 100 };
        var cells = new Option<string>("--cells") { Description = "Cells to measure, comma-separated", DefaultValueFactory = _ => "rnn,rnn-relu,lstm,gru" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 64 };
        var input = new Option<int>("--input") { Description = "Input size I (inputs are N(0, 1))", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Sequences averaged over", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the weights, inputs and readout", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for gradients.png", DefaultValueFactory = _ => "runs/lab" };
        var command = new Command("gradients", "‖∂L/∂h_t‖ for every step t, the loss at the last step only, for each cell at initialisation")
            { steps, cells, hidden, input, batch, seed, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            int T = p.GetValue(steps), H = p.GetValue(hidden), I = p.GetValue(input), B = p.GetValue(batch);
            var modes = p.GetValue(cells)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => (Name: name, Mode: RecurrentModeExtensions.ParseCellName(name))).ToList();
            var lags = Lags.Where(l => l < T).Append(T - 1).Distinct().ToArray();
            Console.WriteLine($"‖∂L/∂h_t‖ at lag T−1−t (T = {T}, H = {H}, I = {I}, mean over {B} sequences; L reads h_(T−1) through a unit vector; PyTorch's initialisation)");
            Console.WriteLine($"{"cell",-10}" + string.Concat(lags.Select(l => $"{"lag " + l,11}")));
            var curves = new List<Series>();
            foreach (var (name, mode) in modes)
            {
                var flow = GradientFlow.AtInitialisation(mode, T, I, H, B, p.GetValue(seed));
                Console.WriteLine($"{name,-10}" + string.Concat(lags.Select(l => $"{flow.HiddenAtLag(l),11:0.00e+00}")));
                curves.Add(Curve($"{name} h", flow.Hidden));
                if (flow.Cell is { } c)
                {
                    Console.WriteLine($"{name + " c",-10}" + string.Concat(lags.Select(l => l == 0 ? $"{"-",11}" : $"{c[T - 1 - l],11:0.00e+00}")));
                    curves.Add(Curve($"{name} c", c));
                }
            }
            string dir = p.GetValue(output)!;
            Directory.CreateDirectory(dir);
            string png = Path.Combine(dir, "gradients.png");
            LinePlot.Save(png, $"gradient flow at initialisation, T = {T}, H = {H}", "lag T − 1 − t (steps back from the loss)", "log10 ‖∂L/∂h_t‖", [.. curves]);
            Console.WriteLine($"plot: {png}");
            return 0;
        }));
        return command;
    }

    /// <summary>log10 of the norms against the lag, the steps with no gradient (norm 0) left out.</summary>
    private static Series Curve(string name, double[] norms)
    {
        int T = norms.Length;
        var points = Enumerable.Range(0, T).Where(t => norms[t] > 0).Select(t => (Lag: (double)(T - 1 - t), Log: Math.Log10(norms[t]))).OrderBy(q => q.Lag).ToArray();
        return new Series(name, [.. points.Select(q => q.Lag)], [.. points.Select(q => q.Log)]);
    }
}
