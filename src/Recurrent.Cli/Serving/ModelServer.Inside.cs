using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recurrent.Models.LanguageModeling;

namespace Recurrent.Cli.Serving;

/// <summary>
/// Inside a language model, for the page of that name:
///   POST /api/inside {model, text, layer, units, feature, signal, top}
///     → {tokens, layers, hiddenSize, layer, signals, unseen, feature: {name, values} or null,
///        units: [{unit, r, values: {signal: [per token]}}]}
/// The units shown: those asked for; else, with a feature (<see cref="TextFeature.Names"/>), the <c>top</c> units
/// whose <c>signal</c> (default: the cell, or the hidden state of cells without one) correlates most with it, by |r|;
/// else the <c>top</c> units whose signal varies most over the text. Texts are capped at <see cref="MaxInsideLength"/>
/// tokens, units at <see cref="MaxUnits"/>.
/// </summary>
internal static partial class ModelServer
{
    public const int MaxInsideLength = 2_000, MaxUnits = 32;

    public sealed record InsideRequest(string? Model, string? Text, int? Layer = null, int[]? Units = null, string? Feature = null, string? Signal = null, int Top = 8);

    private static void MapInside(WebApplication app, Dictionary<string, LoadedModel> byName)
    {
        app.MapPost("/api/inside", async (HttpContext context) =>
        {
            var (request, error) = await Read<InsideRequest>(context);
            if (error is not null) return error;
            if (Find(byName, request!.Model, m => m.LanguageModel is not null, "a language model") is not { } model) return NotFound(request.Model, "a language model");
            if (TextError(request.Text) is { } bad) return bad;
            var network = model.LanguageModel!;
            var config = network.Config;
            int layer = request.Layer ?? config.Layers - 1;
            if (layer < 0 || layer >= config.Layers) return Bad($"layer must be in [0, {config.Layers - 1}], got {layer}");
            if (request.Top is < 1 or > MaxUnits) return Bad($"top must be in [1, {MaxUnits}], got {request.Top}");
            var signals = ActivationTrace.SignalsOf(config.Mode);
            string signal = request.Signal ?? (signals.Contains("cell") ? "cell" : "hidden");
            if (!signals.Contains(signal)) return Bad($"a {config.Cell} layer has the signals {string.Join(", ", signals)}, not '{signal}'");
            if (request.Feature is { } f && !TextFeature.Names.Contains(f)) return Bad($"unknown feature '{f}': expected {string.Join(", ", TextFeature.Names)}");
            if (request.Units is { } asked && (asked.Length is 0 or > MaxUnits || asked.Any(u => u < 0 || u >= config.HiddenSize)))
                return Bad($"units must be 1 to {MaxUnits} unit numbers in [0, {config.HiddenSize - 1}]");

            var (ids, tokens, feature, unseen) = Read(model.Vocabulary!, request.Text!, request.Feature);
            if (ids.Length is 0 or > MaxInsideLength) return Bad($"the text has {ids.Length:N0} tokens the model knows; it needs 1 to {MaxInsideLength:N0}");
            var trace = ActivationTrace.Run(network, ids, layer);

            double[]? r = null;
            if (feature is not null)
            {
                try { r = trace.Correlations(signal, feature); }
                catch (ArgumentException e) { return Bad(e.Message.TrimEnd('.')); }
            }
            int[] units = request.Units ?? (r is not null
                ? [.. Enumerable.Range(0, config.HiddenSize).OrderByDescending(u => Math.Abs(r[u])).Take(request.Top)]
                : [.. Enumerable.Range(0, config.HiddenSize).OrderByDescending(u => Variance(trace.Unit(signal, u))).Take(request.Top)]);
            return Results.Json(new
            {
                tokens, layers = config.Layers, hiddenSize = config.HiddenSize, layer, signals, signal, unseen,
                feature = feature is null ? null : new { name = request.Feature, values = feature },
                units = units.Select(u => new
                {
                    unit = u, r = r?[u],
                    values = signals.ToDictionary(s => s, s => trace.Unit(s, u).Select(v => MathF.Round(v, 4))),
                }),
            }, Json);
        });
    }

    /// <summary>
    /// The text as the model reads it, and the feature at each token read. A character model skips the characters it
    /// never saw, but the feature is of the whole text: a quote the model cannot read still opens a quotation.
    /// </summary>
    private static (int[] Ids, string[] Tokens, double[]? Feature, int Unseen) Read(Text.ITokenVocabulary vocabulary, string text, string? feature)
    {
        if (vocabulary.Unit != "char")
        {
            var ids = vocabulary.EncodeKnown(text, out int unseen);
            var tokens = ids.Select(vocabulary.Decode).ToArray();
            return (ids, tokens, feature is null ? null : TextFeature.Compute(feature, tokens), unseen);
        }
        var characters = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var all = feature is null ? null : TextFeature.Compute(feature, characters);
        var kept = new List<int>();
        var read = new List<int>();
        for (int i = 0; i < characters.Length; i++)
            if (vocabulary.EncodeKnown(characters[i], out _) is [int id]) { read.Add(id); kept.Add(i); }
        return ([.. read], [.. read.Select(vocabulary.Decode)], all is null ? null : [.. kept.Select(i => all[i])], characters.Length - read.Count);
    }

    private static double Variance(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return values.Sum(v => (v - mean) * (v - mean));
    }
}
