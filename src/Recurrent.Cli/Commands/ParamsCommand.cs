using System.CommandLine;
using Recurrent.Models;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn params</c>: the named parameters of any checkpoint (PyTorch names), with shapes and counts.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by a training command", Required = true };
        var command = new Command("params", "List a checkpoint's named parameters (PyTorch names), shapes and counts") { model };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (kind, checkpoint) = TaskRegistry.Open(path);
            var m = kind.OpenModel(checkpoint, path);
            var console = CliErrors.Terminal();
            var table = new Table().AddColumns("parameter", "shape", "count");
            foreach (var parameter in m.Parameters) table.AddRow(parameter.Name, parameter.Value.ShapeString, parameter.Value.Length.ToString("N0"));
            table.AddRow("[bold]total[/]", "", $"[bold]{m.ParameterCount:N0}[/]");
            console.Write(table);
            Console.WriteLine(kind.Describe(checkpoint));
            return 0;
        }));
        return command;
    }
}
