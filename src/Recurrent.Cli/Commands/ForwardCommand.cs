using System.CommandLine;
using Recurrent.Interop;
using Recurrent.Models;
using Recurrent.Serialization;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn forward</c>: a checkpoint's network on named input tensors → named outputs, both safetensors (for checks against PyTorch).</summary>
internal static class ForwardCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by a training command", Required = true };
        var inputs = new Option<string>("--inputs") { Description = "Safetensors file of named inputs (docs/interop.md: names and shapes per task)", Required = true };
        var output = new Option<string>("--out") { Description = "Safetensors file to write the outputs to", Required = true };
        var command = new Command("forward", "Run a checkpoint's network on named tensors (the ONNX graph's inputs and outputs)") { model, inputs, output };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!, inputPath = p.GetValue(inputs)!;
            var (kind, checkpoint) = TaskRegistry.Open(path);
            var outputs = NamedForward.Run(kind.OpenModel(checkpoint, path), SafeTensors.Load(inputPath).Tensors, inputPath);
            SafeTensors.Save(p.GetValue(output)!, outputs.Select(kv => (kv.Key, kv.Value)));
            Console.WriteLine($"wrote {p.GetValue(output)}: {string.Join(", ", outputs.Select(kv => $"{kv.Key} {kv.Value.ShapeString}"))}");
            return 0;
        }));
        return command;
    }
}
