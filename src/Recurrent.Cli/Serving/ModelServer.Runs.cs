using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recurrent.Cli.Serving;

/// <summary>
/// The runs page's endpoint: GET /api/runs → {root, runs: [{name, status, progress, error}]}, every run's progress
/// (config, step, curves; NaN as the string "NaN") read again at each request. The page polls it every second, so a run training now
/// updates without a reload. Without --runs the list is empty.
/// </summary>
internal static partial class ModelServer
{
    private static void MapRuns(WebApplication app, string? runs)
    {
        var folders = runs is null ? null : new RunFolders(runs);
        // A metric with nothing to measure is NaN in a history (unseen-word accuracy without unseen words): sent as "NaN".
        var json = new System.Text.Json.JsonSerializerOptions(Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        app.MapGet("/api/runs", () => Results.Json(new { root = folders?.Root, runs = folders?.Scan() ?? [] }, json));
    }
}
