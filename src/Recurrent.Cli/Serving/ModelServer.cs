using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recurrent.Cli.Serving;

/// <summary>
/// The local web server of <c>rnn serve</c>: three embedded pages and a JSON API over the loaded checkpoints and the
/// training runs under a folder.
///   GET  /, /runs, /inside       the playgrounds, the training runs, inside the LSTM (Pages/*.html, their scripts)
///   GET  /api/models             [{name, kind, description}]
///   POST /api/sample, /api/classify, /api/tag, /api/translate, /api/forecast   the playgrounds (ModelServer.Playgrounds.cs)
///   POST /api/inside             a language model's units, gates and cell per token (ModelServer.Inside.cs)
///   GET  /api/runs               every run's progress.json (ModelServer.Runs.cs)
/// Safety: request bodies over <see cref="MaxBodyBytes"/> get 413, prompts and texts over <see cref="MaxTextLength"/>
/// and lengths over <see cref="MaxSampleLength"/> get 400; a model or run is named by its name in the server's own
/// list, so no request parameter names a file.
/// </summary>
internal static partial class ModelServer
{
    public const long MaxBodyBytes = 64 * 1024;
    public const int MaxTextLength = 10_000, MaxSampleLength = 5_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Builds and starts the server on <paramref name="host"/>:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<WebApplication> StartAsync(IReadOnlyList<LoadedModel> models, string host, int port, string? runs = null)
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
        // A request the model refuses is a 400 with its one-line reason; anything else a 500 that says what happened.
        app.Use(async (context, next) =>
        {
            try { await next(context); }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                bool refused = e is ArgumentException or InvalidDataException;
                await Results.Json(new { error = refused ? e.Message.TrimEnd('.') : $"internal error: {e.GetType().Name}: {e.Message}" }, Json,
                    statusCode: refused ? 400 : 500).ExecuteAsync(context);
            }
        });

        app.MapGet("/", () => Page("index.html"));
        app.MapGet("/runs", () => Page("runs.html"));
        app.MapGet("/inside", () => Page("inside.html"));
        foreach (var script in new[] { "common.js", "playgrounds.js", "runs.js", "inside.js", "style.css" })
            app.MapGet("/" + script, () => Page(script));
        app.MapGet("/api/models", () => Results.Json(models.Select(m => new { m.Name, m.Kind, m.Description }), Json));

        MapPlaygrounds(app, byName);
        MapInside(app, byName);
        MapRuns(app, runs);

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

    private static IResult Page(string name)
    {
        string type = Path.GetExtension(name) switch { ".html" => "text/html; charset=utf-8", ".css" => "text/css; charset=utf-8", _ => "text/javascript; charset=utf-8" };
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"pages/{name}")
            ?? throw new InvalidOperationException($"the page {name} is not embedded");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), type);
    }
}
