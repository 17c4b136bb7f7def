using System.CommandLine;
using Recurrent.Layers;
using Recurrent.Models.GradientLab;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab</c>: the theory of recurrent networks, measured. <c>gradients</c>: ‖∂L/∂h_t‖ for every step of a long
/// sequence, for each cell at PyTorch's initialisation, as a table and a PNG of log-norm against the lag.
/// </summary>
internal static class LabCommand
{
    private static readonly int[] Lags = [0, 1, 5, 10, 25, 50, 100, 200, 400];

    public static Command Create()
    {
        var command = new Command("lab", "See the theory happen: vanishing and exploding gradients, measured");
        command.Subcommands.Add(Gradients());
        return command;
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
