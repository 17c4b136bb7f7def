using System.CommandLine;
using Recurrent.Cli.Commands;

// The `rnn` command: parses arguments, calls the library, shows progress. No model logic lives here.
var root = new RootCommand("Recurrent: recurrent neural networks (RNN, LSTM, GRU) in pure C#, numerically PyTorch.");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SampleCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ParamsCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
return root.Parse(args).Invoke();
