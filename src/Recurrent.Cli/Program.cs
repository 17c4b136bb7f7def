// The `rnn` command: parses arguments, calls the library, shows progress. No model logic lives here.
return Recurrent.Cli.RnnCli.Run(args);
