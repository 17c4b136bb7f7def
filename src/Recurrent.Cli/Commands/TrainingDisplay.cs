namespace Recurrent.Cli.Commands;

/// <summary>How a task's run is titled and its loss labelled in the progress display and the plots.</summary>
internal sealed record TrainingDisplay(string Title, string LossLabel);
