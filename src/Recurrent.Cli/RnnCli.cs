using System.CommandLine;
using System.CommandLine.Invocation;
using Recurrent.Cli.Commands;

namespace Recurrent.Cli;

/// <summary>The `rnn` command tree; <see cref="Run"/> is the whole program (tests call it directly).</summary>
public static class RnnCli
{
    /// <summary>The command tree; <paramref name="extra"/> commands (an application's own tasks) are added to it.</summary>
    public static RootCommand Build(params Command[] extra)
    {
        var root = new RootCommand("Recurrent: recurrent neural networks (RNN, LSTM, GRU) in pure C#, numerically PyTorch.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ParamsCommand.Create());
        root.Subcommands.Add(NGramCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(LabCommand.Create());
        root.Subcommands.Add(TagCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(G2pCommand.Create());
        root.Subcommands.Add(Seq2SeqCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(OnnxCommand.Create());
        root.Subcommands.Add(ForwardCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        foreach (var command in extra) root.Subcommands.Add(command);
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        return root;
    }

    /// <summary><c>rnn --version</c>: the version, and the kernels' vector width with the reason it was chosen.</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            string version = typeof(RnnCli).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?";
            Console.WriteLine(version);
            Console.WriteLine($"kernels: {Recurrent.Kernels.VectorWidth.Bits}-bit vectors ({Recurrent.Kernels.VectorWidth.Reason}), " +
                $"{Environment.ProcessorCount} threads; .NET {Environment.Version}");
            return 0;
        }
    }

    public static int Run(string[] args, params Command[] extra)
    {
        if (Recurrent.Kernels.VectorWidth.Warning is { } warning) Console.Error.WriteLine($"warning: {warning}");
        return Build(extra).Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
