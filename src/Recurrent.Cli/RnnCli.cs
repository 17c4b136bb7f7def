using System.CommandLine;
using Recurrent.Cli.Commands;

namespace Recurrent.Cli;

/// <summary>The `rnn` command tree; <see cref="Run"/> is the whole program (tests call it directly).</summary>
public static class RnnCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Recurrent: recurrent neural networks (RNN, LSTM, GRU) in pure C#, numerically PyTorch.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ParamsCommand.Create());
        root.Subcommands.Add(NGramCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    public static int Run(string[] args) => Build().Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
