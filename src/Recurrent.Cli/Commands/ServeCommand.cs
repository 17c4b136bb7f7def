using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Hosting;
using Recurrent.Cli.Serving;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn serve</c>: a local web page with a playground for each loaded checkpoint, the training runs under --runs
/// (live), and inside a language model; on 127.0.0.1 unless --host says otherwise.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "Checkpoints to serve (language models, classifiers, taggers, seq2seq, forecasters)", AllowMultipleArgumentsPerToken = true };
        var runs = new Option<string>("--runs") { Description = "A folder of training runs (each run's --out) to show, updated live as they train" };
        var port = new Option<int>("--port") { Description = "TCP port", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on (anything but loopback is reachable from other machines)", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "A local web page: a playground for each model, the training runs under --runs, and inside a language model") { models, runs, port, host };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string address = p.GetValue(host)!;
            if (address != "localhost" && !IPAddress.TryParse(address, out _)) throw new ArgumentException($"--host must be an IP address or localhost, got '{address}'.");
            if (address != "localhost" && !IPAddress.IsLoopback(IPAddress.Parse(address)))
                Console.Error.WriteLine($"warning: listening on {address}: the models are reachable from other machines, with no authentication.");
            int portNumber = p.GetValue(port);
            if (portNumber is < 0 or > 65535) throw new ArgumentException($"--port must be in [0, 65535], got {portNumber}.");
            string? runsFolder = p.GetValue(runs);
            if (p.GetValue(models) is not { Length: > 0 } && runsFolder is null) throw new ArgumentException("rnn serve needs --model CHECKPOINT..., --runs FOLDER, or both.");
            if (runsFolder is not null && !Directory.Exists(runsFolder))
                Console.WriteLine($"note: {Path.GetFullPath(runsFolder)} does not exist yet; runs appear on the page when training writes there.");
            var loaded = new List<LoadedModel>();
            foreach (var path in p.GetValue(models) ?? [])
            {
                string name = Path.GetFileNameWithoutExtension(Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && Path.GetFileName(path) is "checkpoint.safetensors" or "best.safetensors"
                    ? dir : path);
                while (loaded.Any(m => m.Name == name)) name += "'";
                loaded.Add(LoadedModel.Open(path, name));
                Console.WriteLine($"loaded {path} as '{name}' ({loaded[^1].Kind})");
            }
            var app = ModelServer.StartAsync(loaded, address, portNumber, runsFolder).GetAwaiter().GetResult();
            if (runsFolder is not null) Console.WriteLine($"training runs under {Path.GetFullPath(runsFolder)}: {app.Urls.First()}/runs");
            Console.WriteLine($"serving on {string.Join(", ", app.Urls)} (Ctrl-C to stop)");
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
            return 0;
        }));
        return command;
    }
}
