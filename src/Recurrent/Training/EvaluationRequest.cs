namespace Recurrent.Training;

/// <summary>What <c>rnn eval</c> asks of a checkpoint: data (a file or folder; null where the task makes its own) and which part.</summary>
/// <param name="DataPath">The data to score; null: the task's default.</param>
/// <param name="Split">"val": the held-out part, as in training; "all": everything.</param>
public sealed record EvaluationRequest(string? DataPath, string Split = "val");
