using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Tensors;

namespace Recurrent.Cli.Serving;

/// <summary>
/// The playgrounds' endpoints, one per kind of model:
///   POST /api/sample     {model, prompt, length, temperature, topK, seed} → the sampled text, streamed as it is sampled
///   POST /api/classify   {model, text} → {labels: [{label, probability}]}, most probable first
///   POST /api/tag        {model, text} → {tokens: [{word, tag}]}
///   POST /api/translate  {model, text, beam, nbest} → {source, hypotheses: [{output, logProbability}], attention: {output, weights} or null}
///   POST /api/forecast   {model, steps, values?} → {column, time, history: {labels, values}, forecast: {labels, values, lower, upper}, level}
///                        (the training series continued, or the one-column series given in values)
/// </summary>
internal static partial class ModelServer
{
    public sealed record SampleRequest(string? Model, string? Prompt, int Length = 300, float Temperature = 0.8f, int TopK = 0, ulong? Seed = null);
    public sealed record TextRequest(string? Model, string? Text);
    public sealed record TranslateRequest(string? Model, string? Text, int Beam = 5, int NBest = 3);
    public sealed record ForecastRequest(string? Model, int Steps = 16, double[]? Values = null);
    public const int MaxBeam = 16, MaxSourceSymbols = 200;

    private static void MapPlaygrounds(WebApplication app, Dictionary<string, LoadedModel> byName)
    {
        app.MapPost("/api/sample", async (HttpContext context) =>
        {
            var (request, error) = await Read<SampleRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.Sampler is not null, "a language model") is not { } model) return NotFound(request.Model, "a language model");
            if ((request.Prompt?.Length ?? 0) > MaxTextLength) return Bad($"the prompt has {request.Prompt!.Length:N0} characters, more than {MaxTextLength:N0}");
            if (request.Length is < 1 or > MaxSampleLength) return Bad($"length must be in [1, {MaxSampleLength:N0}], got {request.Length}");
            if (!(request.Temperature > 0) || !float.IsFinite(request.Temperature) || request.Temperature > 100) return Bad($"temperature must be in (0, 100], got {request.Temperature}");
            if (request.TopK < 0) return Bad($"topK must be ≥ 0, got {request.TopK}");
            var rng = new Rng(request.Seed ?? (ulong)Random.Shared.NextInt64());
            // The sampler holds the model's lock while it is enumerated: one thread enumerates, the response streams.
            var pieces = Channel.CreateUnbounded<string>();
            var producer = Task.Run(() =>
            {
                try { foreach (var piece in model.Sampler!.Generate(request.Prompt ?? "", request.Length, request.Temperature, request.TopK, rng)) pieces.Writer.TryWrite(piece); }
                finally { pieces.Writer.Complete(); }
            });
            context.Response.ContentType = "text/plain; charset=utf-8";
            await foreach (var piece in pieces.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(piece, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            await producer;
            return Results.Empty;
        });

        app.MapPost("/api/classify", async (HttpContext context) =>
        {
            var (request, error) = await Read<TextRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.Classifier is not null, "a classifier") is not { } model) return NotFound(request.Model, "a classifier");
            if (TextError(request.Text) is { } bad) return bad;
            var classifier = model.Classifier!;
            try
            {
                var p = classifier.Probabilities([ClassificationExample.OfText(classifier.Labels[0], request.Text!, "request", "request")])[0];
                return Results.Json(new { labels = classifier.Labels.Select((l, i) => new { label = l, probability = p[i] }).OrderByDescending(x => x.probability) }, Json);
            }
            catch (InvalidDataException e) { return Bad(e.Message.Replace("request: ", "")); }
        });

        app.MapPost("/api/tag", async (HttpContext context) =>
        {
            var (request, error) = await Read<TextRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.Tagger is not null, "a tagger") is not { } model) return NotFound(request.Model, "a tagger");
            if (TextError(request.Text) is { } bad) return bad;
            var words = Commands.TagCommand.Tokenize(request.Text!);
            var tags = words.Length == 0 ? [] : model.Tagger!.Tag(words);
            return Results.Json(new { tokens = words.Select((w, i) => new { word = w, tag = tags[i] }) }, Json);
        });

        app.MapPost("/api/translate", async (HttpContext context) =>
        {
            var (request, error) = await Read<TranslateRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.Translator is not null, "a seq2seq model") is not { } model) return NotFound(request.Model, "a seq2seq model");
            if (TextError(request.Text) is { } bad) return bad;
            if (request.Beam is < 1 or > MaxBeam) return Bad($"beam must be in [1, {MaxBeam}], got {request.Beam}");
            if (request.NBest < 1 || request.NBest > request.Beam) return Bad($"nbest must be in [1, beam], got {request.NBest}");
            var translator = model.Translator!;
            var symbols = model.SourceSymbols!(request.Text!.Trim());
            if (symbols.Length is 0 or > MaxSourceSymbols) return Bad($"the source has {symbols.Length} symbols; it needs 1 to {MaxSourceSymbols}");
            if (translator.Unknown(symbols).ToArray() is { Length: > 0 } unknown)
                return Bad($"the model never saw {string.Join(", ", unknown.Select(u => $"'{u}'"))} in training");
            var hypotheses = translator.Beam([symbols], request.Beam)[0].Take(request.NBest)
                .Select(h => new { output = string.Join(model.OutputSeparator, h.Output), logProbability = h.LogProbability });
            var (greedy, weights) = translator.Attend(symbols);
            return Results.Json(new { source = symbols, hypotheses, attention = weights is null ? null : new { output = greedy, weights } }, Json);
        });

        app.MapPost("/api/forecast", async (HttpContext context) =>
        {
            var (request, error) = await Read<ForecastRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.Forecaster is not null, "a forecaster") is not { } model) return NotFound(request.Model, "a forecaster");
            var served = model.Forecaster!;
            if (request.Steps < 1 || request.Steps > served.MostSteps) return Bad($"steps must be in [1, {served.MostSteps}], got {request.Steps}");
            ObservedSeries series;
            IReadOnlyList<string>? times = null;
            if (request.Values is { } values)
            {
                if (served.Features != 1) return Bad($"this model reads {served.Features} columns per row; a pasted series has one");
                if (values.Length < served.Forecaster.History || values.Length > MaxTextLength)
                    return Bad($"the series has {values.Length} values; the model needs {served.Forecaster.History} to {MaxTextLength:N0}");
                if (Array.FindIndex(values, v => !double.IsFinite(v) || Math.Abs(v) > float.MaxValue) is int bad and >= 0) return Bad($"value {bad + 1} is not a finite number");
                series = new ObservedSeries([.. values.Select(v => (float)v)], 1);
            }
            else if (served.Series is { } trained) (series, times) = (trained, served.Times);
            else return Bad($"the training CSV ({served.Config.Csv}) is not on this machine; paste a series");
            return Results.Json(served.Forecast(series, times, request.Steps), Json);
        });
    }
}
