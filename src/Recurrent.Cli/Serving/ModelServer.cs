using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recurrent.Models.Classification;
using Recurrent.Tensors;

namespace Recurrent.Cli.Serving;

/// <summary>
/// The local web server of <c>rnn serve</c>: the embedded pages and a JSON API over the loaded checkpoints.
///   GET  /                 the page (pages/index.html, pages/app.js)
///   GET  /api/models       [{name, kind, description}]
///   POST /api/sample       {model, prompt, length, temperature, topK, seed} → the sampled text, streamed as it is sampled
///   POST /api/classify     {model, text} → {labels: [{label, probability}]}, most probable first
///   POST /api/tag          {model, text} → {tokens: [{word, tag}]}
///   POST /api/translate    {model, text, beam, nbest} → {source, hypotheses: [{output, logProbability}], attention: {output, weights} or null}
/// Safety: request bodies over <see cref="MaxBodyBytes"/> get 413, prompts and texts over <see cref="MaxTextLength"/>
/// and lengths over <see cref="MaxSampleLength"/> get 400; no request parameter names a file.
/// </summary>
internal static class ModelServer
{
    public const long MaxBodyBytes = 64 * 1024;
    public const int MaxTextLength = 10_000, MaxSampleLength = 5_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record SampleRequest(string? Model, string? Prompt, int Length = 300, float Temperature = 0.8f, int TopK = 0, ulong? Seed = null);
    public sealed record TextRequest(string? Model, string? Text);
    public sealed record TranslateRequest(string? Model, string? Text, int Beam = 5, int NBest = 3);
    public const int MaxBeam = 16, MaxSourceSymbols = 200;

    /// <summary>Builds and starts the server on <paramref name="host"/>:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<WebApplication> StartAsync(IReadOnlyList<LoadedModel> models, string host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.Listen(host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host), port);
        });
        var app = builder.Build();
        var byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);

        app.MapGet("/", () => Page("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Page("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/api/models", () => Results.Json(models.Select(m => new { m.Name, m.Kind, m.Description }), Json));

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

        await app.StartAsync();
        return app;
    }

    private static async Task<(T? Request, IResult? Error)> Read<T>(HttpContext context) where T : class
    {
        try { return (await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted) ?? throw new JsonException("empty"), null); }
        catch (JsonException e) { return (null, Bad($"the request is not the JSON expected ({e.Message.Split('.')[0]})")); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Results.Json(new { error = $"the request body is over {MaxBodyBytes:N0} bytes" }, Json, statusCode: 413));
        }
    }

    private static LoadedModel? Find(Dictionary<string, LoadedModel> models, string? name, Func<LoadedModel, bool> serves, string what) =>
        name is not null && models.TryGetValue(name, out var m) && serves(m) ? m : null;

    private static IResult NotFound(string? name, string what) =>
        Results.Json(new { error = $"no {what} named '{name}' is loaded" }, Json, statusCode: 404);

    private static IResult Bad(string message) => Results.Json(new { error = message }, Json, statusCode: 400);

    private static IResult? TextError(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Bad("the text is empty")
        : text.Length > MaxTextLength ? Bad($"the text has {text.Length:N0} characters, more than {MaxTextLength:N0}") : null;

    private static IResult Page(string name, string type)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"pages/{name}")
            ?? throw new InvalidOperationException($"the page {name} is not embedded");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), type);
    }
}
