using System.CommandLine;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Models.LanguageModeling;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// <c>rnn eval</c>: any checkpoint's metrics on data, through <see cref="TaskRegistry"/>. A language model scores a text
/// (default: the bundled Tiny Shakespeare) or the Brown corpus, reporting how many unseen tokens its vocabulary's
/// policy handled; a task that makes its own data needs none.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by a training command", Required = true };
        var text = new Option<string>("--text") { Description = "Data to score: a UTF-8 text for language models (default: the bundled Tiny Shakespeare)" };
        var corpus = new Option<string>("--corpus") { Description = "'brown' to score a word model on the bundled Brown corpus" };
        var split = new Option<string>("--split") { Description = "all, or val (the held-out part used in training)", DefaultValueFactory = _ => "all" };
        var command = new Command("eval", "Score a checkpoint of any task on data: a language model's nats, bits and perplexity per token") { model, text, corpus, split };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string path = p.GetValue(model)!;
            var (kind, checkpoint) = TaskRegistry.Open(path);
            // Text tasks read --text or --corpus (default: the bundled Tiny Shakespeare); others their own data, or --text.
            string? data = kind is LanguageModelKind
                ? TextCorpus.Choose(p.GetValue(text), p.GetValue(corpus), wordLevel: null, Bundled.TinyShakespeare, Bundled.Brown).Path
                : p.GetValue(text);
            Console.WriteLine(kind.Evaluate(checkpoint, path, new EvaluationRequest(data, p.GetValue(split)!)).Summary);
            return 0;
        }));
        return command;
    }
}
