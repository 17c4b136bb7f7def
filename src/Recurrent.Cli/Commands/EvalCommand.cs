using System.CommandLine;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn eval</c>: loss, bits per character and perplexity of a character model on a text.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by 'rnn train'", Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text to score (default: the bundled Tiny Shakespeare)" };
        var split = new Option<string>("--split") { Description = "all, or val (the last 10%, the validation split used in training)", DefaultValueFactory = _ => "all" };
        var command = new Command("eval", "Score a character model on a text: nats/char, bits/char, perplexity") { model, text, split };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(text) ?? Bundled.TinyShakespeare;
            var (m, vocabulary, _) = CharLmTrainer.LoadModel(p.GetValue(model)!);
            string content = TextFile.Read(path);
            int[] tokens = vocabulary.Encode(content);
            string which = p.GetValue(split)!;
            tokens = which switch
            {
                "all" => tokens,
                "val" => tokens[(int)(tokens.Length * 0.9)..],
                _ => throw new ArgumentException($"--split must be 'all' or 'val', got '{which}'."),
            };
            double loss = CharLmTrainer.Evaluate(m, tokens);
            Console.WriteLine($"{path} ({which}, {tokens.Length:N0} characters): loss {loss:F4} nats/char, {loss / Math.Log(2):F4} bits/char, perplexity {Math.Exp(loss):F3}");
            return 0;
        }));
        return command;
    }
}
