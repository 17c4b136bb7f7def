using System.CommandLine;
using Recurrent.Layers;
using Recurrent.Models.GradientLab;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab gradients</c>: ‖∂L/∂h_t‖ (and the LSTM's ‖∂L/∂c_t‖) for every step t, the loss at the last step only, as a
/// table by lag and a PNG of log-norm against the lag. At PyTorch's initialisation on N(0, 1) inputs; with
/// <c>--trained N</c> also before and after N steps of training on the adding problem of the same length, on its inputs.
/// </summary>
internal static class LabGradientsCommand
{
    private static readonly int[] Lags = [0, 1, 5, 10, 25, 50, 100, 200, 400];

    public static Command Create()
    {
        var steps = new Option<int>("--T") { Description = "Sequence length T", DefaultValueFactory = _ => 100 };
        var cells = new Option<string>("--cells") { Description = "Cells to measure, comma-separated", DefaultValueFactory = _ => "rnn,rnn-relu,lstm,gru" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 64 };
        var input = new Option<int>("--input") { Description = "Input size I (inputs are N(0, 1))", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Sequences averaged over", DefaultValueFactory = _ => 16 };
        var trained = new Option<int>("--trained") { Description = "Also train each cell this many steps on the adding problem of length T and measure before and after (0 = at initialisation only)", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the weights, inputs and readout", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for gradients.png (and gradients-trained.png)", DefaultValueFactory = _ => "runs/lab" };
        var command = new Command("gradients", "‖∂L/∂h_t‖ for every step t, the loss at the last step only, for each cell at initialisation (and after training)")
            { steps, cells, hidden, input, batch, trained, seed, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            int T = p.GetValue(steps), H = p.GetValue(hidden), I = p.GetValue(input), B = p.GetValue(batch), N = p.GetValue(trained);
            if (N < 0) throw new ArgumentException($"--trained must be ≥ 0, got {N}.");
            var names = p.GetValue(cells)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var modes = names.Select(RecurrentModeExtensions.ParseCellName).ToArray();
            var lags = Lags.Where(l => l < T).Append(T - 1).Distinct().ToArray();
            string dir = p.GetValue(output)!;
            Directory.CreateDirectory(dir);
            ulong s = p.GetValue(seed);

            Console.WriteLine($"‖∂L/∂h_t‖ at lag T−1−t (T = {T}, H = {H}, I = {I}, mean over {B} sequences; L reads h_(T−1) through a unit vector; PyTorch's initialisation)");
            var table = new Table(lags);
            var curves = new List<Series>();
            for (int i = 0; i < names.Length; i++)
                table.Add(names[i], GradientFlow.AtInitialisation(modes[i], T, I, H, B, s), curves);
            Save(Path.Combine(dir, "gradients.png"), $"gradient flow at initialisation, T = {T}, H = {H}", curves);
            if (N == 0) return 0;

            Console.WriteLine($"\non the adding problem (T = {T}), before and after {N} training steps (AdamW, lr 1e-3, clip 1, batch 32); " +
                "L reads h_(T−1) along the model's readout; final test mse in brackets");
            table = new Table(lags, names.Max(n => n.Length) + 18);
            curves.Clear();
            for (int i = 0, color = 0; i < names.Length; color += modes[i] == RecurrentMode.Lstm ? 2 : 1, i++)
            {
                string name = names[i];
                var config = LabLongLagCommand.Config(N, 1e-3f, 32, s, minutes: 0);
                var trainer = Trainer.Start(config, rng => new AddingTask(new LongLagSetup(name, H, T, config.Batch, s + 1000), rng));
                var model = ((AddingTask)trainer.Task).Model;
                table.Add(name + " init", GradientFlow.OnAddingProblem(model, T, B, s + 2000), curves, dashed: true, color);
                trainer.Run(new LabLongLagCommand.CurveObserver(), Path.Combine(dir, $"gradients-{name}-T{T}.safetensors"));
                table.Add($"{name} trained [{trainer.History[^1].Metrics["mse"]:F4}]", GradientFlow.OnAddingProblem(model, T, B, s + 2000), curves, dashed: false, color);
            }
            Save(Path.Combine(dir, "gradients-trained.png"), $"gradient flow before and after {N} steps on the adding problem, T = {T}", curves);
            return 0;
        }));
        return command;
    }

    /// <summary>Prints rows of norms by lag (a header first) and collects each row's curve.</summary>
    private sealed class Table(int[] lags, int nameWidth = 10)
    {
        private bool _headed;

        public void Add(string name, GradientFlowResult flow, List<Series> curves, bool dashed = false, int? color = null)
        {
            if (!_headed) Console.WriteLine("cell".PadRight(nameWidth) + string.Concat(lags.Select(l => $"{"lag " + l,11}")));
            _headed = true;
            int T = flow.Steps;
            Console.WriteLine(name.PadRight(nameWidth) + string.Concat(lags.Select(l => $"{flow.HiddenAtLag(l),11:0.00e+00}")));
            curves.Add(Curve($"{name} h", flow.Hidden, dashed, color));
            if (flow.Cell is not { } c) return;
            Console.WriteLine((name + " c").PadRight(nameWidth) + string.Concat(lags.Select(l => l == 0 ? $"{"-",11}" : $"{c[T - 1 - l],11:0.00e+00}")));
            curves.Add(Curve($"{name} c", c, dashed, color + 1));
        }
    }

    private static void Save(string png, string title, List<Series> curves)
    {
        LinePlot.Save(png, new LinePlot.Panel(title, "lag T − 1 − t (steps back from the loss)", "log10 ‖∂L/∂h_t‖", [.. curves], Legend: ScottPlot.Alignment.LowerLeft));
        Console.WriteLine($"plot: {png}");
    }

    /// <summary>log10 of the norms against the lag, the steps with no gradient (norm 0) left out.</summary>
    private static Series Curve(string name, double[] norms, bool dashed, int? color)
    {
        int T = norms.Length;
        var points = Enumerable.Range(0, T).Where(t => norms[t] > 0).Select(t => (Lag: (double)(T - 1 - t), Log: Math.Log10(norms[t]))).OrderBy(q => q.Lag).ToArray();
        return new Series(name, [.. points.Select(q => q.Lag)], [.. points.Select(q => q.Log)], dashed, color);
    }
}
