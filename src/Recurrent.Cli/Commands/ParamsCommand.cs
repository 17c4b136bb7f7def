using System.CommandLine;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn params</c>: the named parameters of a checkpoint, with shapes and counts.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by 'rnn train'", Required = true };
        var command = new Command("params", "List a checkpoint's named parameters (PyTorch names), shapes and counts") { model };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (m, vocabulary, checkpoint) = CharLmTrainer.LoadModel(p.GetValue(model)!);
            var console = CliErrors.Terminal();
            var table = new Table().AddColumns("parameter", "shape", "count");
            foreach (var parameter in m.Parameters) table.AddRow(parameter.Name, parameter.Value.ShapeString, parameter.Value.Length.ToString("N0"));
            table.AddRow("[bold]total[/]", "", $"[bold]{m.ParameterCount:N0}[/]");
            console.Write(table);
            Console.WriteLine($"vocabulary: {vocabulary.Count} characters; trained {checkpoint.Metadata.GetValueOrDefault("step", "?")} steps");
            return 0;
        }));
        return command;
    }
}
