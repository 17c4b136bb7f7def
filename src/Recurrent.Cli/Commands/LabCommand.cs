using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn lab</c>: the theory of recurrent networks, measured. <c>gradients</c>: ‖∂L/∂h_t‖ for every step of a long
/// sequence, per cell, at initialisation and after training; <c>adding</c> and <c>copy</c>: the long-lag tasks trained for
/// each cell and length beside their memoryless baselines; <c>clipping</c>: exploding gradients and what clipping changes.
/// </summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var command = new Command("lab", "See the theory happen: vanishing and exploding gradients, measured");
        command.Subcommands.Add(LabGradientsCommand.Create());
        command.Subcommands.Add(LabLongLagCommand.Create("adding"));
        command.Subcommands.Add(LabLongLagCommand.Create("copy"));
        command.Subcommands.Add(LabClippingCommand.Create());
        return command;
    }

    /// <summary>A comma-separated list of lengths (each ≥ <paramref name="least"/>), as given to <paramref name="option"/>.</summary>
    public static int[] Lengths(string list, string option, int least) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            int.TryParse(t, out int v) && v >= least ? v : throw new ArgumentException($"{option}: '{t}' is not a length ≥ {least}.")).ToArray();

    /// <summary>A comma-separated list of lab cell names, each checked.</summary>
    public static string[] Cells(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names) Models.GradientLab.LabCells.ModeOf(name);
        return names;
    }
}
