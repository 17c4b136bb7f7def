using System.CommandLine;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn eval</c>: loss, bits per character and perplexity of a character model on a text.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by 'rnn train'", Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text to score (default: the bundled Tiny Shakespeare)" };
        var corpus = new Option<string>("--corpus") { Description = "'brown' to score a word model on the bundled Brown corpus" };
        var split = new Option<string>("--split") { Description = "all, or val (the held-out part used in training)", DefaultValueFactory = _ => "all" };
        var command = new Command("eval", "Score a language model on a text: nats, bits and perplexity per token") { model, text, corpus, split };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var (m, vocabulary, _) = CharLmTrainer.LoadModel(p.GetValue(model)!);
            string which = p.GetValue(split)!;
            int[] tokens = LanguageData.EvaluationTokens(vocabulary, p.GetValue(text), p.GetValue(corpus), which);
            double loss = CharLmTrainer.Evaluate(m, tokens);
            string source = p.GetValue(corpus) is { } c ? $"{c} corpus" : p.GetValue(text) ?? Bundled.TinyShakespeare;
            string u = vocabulary.Unit;
            Console.WriteLine($"{source} ({which}, {tokens.Length:N0} {u}s): loss {loss:F4} nats/{u}, {loss / Math.Log(2):F4} bits/{u}, perplexity {Math.Exp(loss):F3}");
            return 0;
        }));
        return command;
    }
}
