using System.CommandLine;
using Recurrent.Models;
using Recurrent.Serialization.Onnx;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn export</c>: a checkpoint of any task as ONNX (opset 17), for ONNX Runtime and other serving stacks.</summary>
internal static class ExportCommand
{
    private static readonly HashSet<string> TrainingOnly =
        ["history", "rng", "data_cursor", "optimizer_step", "elapsed_seconds", "scheduled_steps", "format", "training_config"];

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by a training command", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write (a seq2seq model: FILE.encoder.onnx and FILE.decoder.onnx)", Required = true };
        var lengths = new Option<bool>("--sequence-lens") { Description = "Add an int32 input sequence_lens (batch) for padded batches" };
        var state = new Option<bool>("--initial-state") { Description = "Add inputs initial_h (and initial_c) for models that carry a state" };
        var command = new Command("export", "Write a checkpoint as ONNX: LSTM/GRU/RNN operators, dynamic batch and length") { model, onnx, lengths, state };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!, target = p.GetValue(onnx)!;
            var (kind, checkpoint) = TaskRegistry.Open(path);
            var m = kind.OpenModel(checkpoint, path);
            // What a server needs to encode inputs and read outputs (config, vocabularies, labels, scaling), not the
            // training run's state (history, random state, data position).
            var metadata = checkpoint.Metadata.Where(kv => !TrainingOnly.Contains(kv.Key)).ToDictionary();
            metadata["recurrent.kind"] = checkpoint.Kind;
            var files = OnnxExport.Write(m, target, new OnnxExportOptions(p.GetValue(lengths), p.GetValue(state)), metadata);
            foreach (var file in files) Console.WriteLine($"wrote {file} ({new FileInfo(file).Length:N0} bytes): {OnnxExport.Signature(file)}");
            return 0;
        }));
        return command;
    }
}
