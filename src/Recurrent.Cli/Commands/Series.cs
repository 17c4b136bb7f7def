namespace Recurrent.Cli.Commands;

/// <summary>One named curve of a <see cref="LinePlot"/>.</summary>
internal sealed record Series(string Name, double[] X, double[] Y);
