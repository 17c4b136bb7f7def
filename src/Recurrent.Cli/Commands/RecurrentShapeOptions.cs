using System.CommandLine;

namespace Recurrent.Cli.Commands;

/// <summary>
/// The options every recurrent task's model shares: <c>--cell</c>, <c>--layers</c>, <c>--hidden</c>, <c>--embedding</c>,
/// <c>--dropout</c>, with the task's defaults; a task command adds what only its model has (pooling, attention ...).
/// </summary>
internal sealed class RecurrentShapeOptions(string cell, int layers, int hidden, int embedding, float dropout, string dropoutWhere)
{
    public Option<string> Cell { get; } = new("--cell") { Description = "lstm, gru, rnn (tanh) or rnn-relu", DefaultValueFactory = _ => cell };
    public Option<int> Layers { get; } = new("--layers") { Description = "Stacked recurrent layers", DefaultValueFactory = _ => layers };
    public Option<int> Hidden { get; } = new("--hidden") { Description = "Hidden size H (per direction)", DefaultValueFactory = _ => hidden };
    public Option<int> Embedding { get; } = new("--embedding") { Description = "Token embedding size", DefaultValueFactory = _ => embedding };
    public Option<float> Dropout { get; } = new("--dropout") { Description = $"Dropout {dropoutWhere}", DefaultValueFactory = _ => dropout };

    /// <summary>Adds the options (all but <c>--embedding</c> for a model that reads numbers, not tokens).</summary>
    public void AddTo(Command command, bool embedding = true)
    {
        foreach (var o in new Option[] { Cell, Layers, Hidden, Embedding, Dropout })
            if (embedding || o != Embedding) command.Options.Add(o);
    }
}
