using System.CommandLine;
using System.Diagnostics;
using Recurrent.Layers;
using Recurrent.Tensors;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn demo</c>: builds a recurrent layer stack, lists its named parameters (PyTorch's names and shapes), and runs
/// one forward and backward pass on random data, printing output shapes, a loss and gradient norms.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var cell = new Option<string>("--cell") { Description = "lstm, gru, rnn (tanh) or rnn-relu", DefaultValueFactory = _ => "lstm" };
        var input = new Option<int>("--input") { Description = "Input features I", DefaultValueFactory = _ => 32 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked layers L", DefaultValueFactory = _ => 2 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Run a reverse direction too" };
        var batch = new Option<int>("--batch") { Description = "Sequences per batch B", DefaultValueFactory = _ => 16 };
        var steps = new Option<int>("--steps") { Description = "Time steps T", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Build a model, list its parameters, run forward and backward on random data")
            { cell, input, hidden, layers, bidirectional, batch, steps, seed };
        command.SetAction(p => CliErrors.Guard(() => Run(p.GetValue(cell)!, p.GetValue(input), p.GetValue(hidden), p.GetValue(layers),
            p.GetValue(bidirectional), p.GetValue(batch), p.GetValue(steps), p.GetValue(seed))));
        return command;
    }

    private static int Run(string cell, int inputSize, int hiddenSize, int numLayers, bool bidirectional, int batch, int steps, int seed)
    {
        if (batch <= 0 || steps <= 0) throw new ArgumentException($"--batch and --steps must be positive, got {batch} and {steps}.");
        var rng = new Rng((ulong)seed);
        RecurrentLayer layer = cell switch
        {
            "lstm" => new Lstm(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, rng: rng),
            "gru" => new Gru(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, rng: rng),
            "rnn" => new Rnn(inputSize, hiddenSize, numLayers, bidirectional: bidirectional, rng: rng),
            "rnn-relu" => new Rnn(inputSize, hiddenSize, numLayers, relu: true, bidirectional: bidirectional, rng: rng),
            _ => throw new ArgumentException($"Unknown --cell '{cell}': expected lstm, gru, rnn or rnn-relu."),
        };

        var console = CliErrors.Terminal();
        var table = new Table().AddColumns("parameter", "shape", "count");
        foreach (var p in layer.Parameters)
            table.AddRow(p.Name, p.Value.ShapeString, p.Value.Length.ToString("N0"));
        table.AddRow("[bold]total[/]", "", $"[bold]{layer.ParameterCount:N0}[/]");
        console.MarkupLine($"[bold]{layer.Mode.TorchName()}[/] input {inputSize}, hidden {hiddenSize}, {numLayers} layer(s), {(bidirectional ? "bidirectional" : "unidirectional")}");
        console.Write(table);

        var x = Tensor.Zeros(steps, batch, inputSize);
        rng.FillGaussian(x.Span);
        var sw = Stopwatch.StartNew();
        var result = layer.Forward(x);
        double forwardMs = sw.Elapsed.TotalMilliseconds;

        // Loss = Σ output ⊙ R with a fixed random R, so dL/doutput = R.
        var r = Tensor.Zeros(result.Output.Shape.ToArray());
        rng.FillGaussian(r.Span);
        double loss = 0;
        for (int i = 0; i < r.Length; i++) loss += result.Output.Span[i] * r.Span[i];
        sw.Restart();
        var grads = layer.Backward(r);
        double backwardMs = sw.Elapsed.TotalMilliseconds;

        console.MarkupLine($"input {x.ShapeString} → output {result.Output.ShapeString}, h_n {result.HiddenState.ShapeString}"
            + (result.CellState is { } c ? $", c_n {c.ShapeString}" : ""));
        console.MarkupLine($"loss Σ output⊙R = {loss:F4}; forward {forwardMs:F1} ms, backward {backwardMs:F1} ms (first call, includes JIT)");
        console.MarkupLine($"‖dL/dx‖ = {Norm(grads.Input.Span):F4}; gradient norms per parameter:");
        foreach (var p in layer.Parameters)
            console.MarkupLine($"  {p.Name,-24} {Norm(p.Grad.Span):F4}");
        return 0;
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double s = 0;
        foreach (var v in values) s += (double)v * v;
        return Math.Sqrt(s);
    }
}
