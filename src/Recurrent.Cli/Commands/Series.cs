namespace Recurrent.Cli.Commands;

/// <summary>
/// One named curve of a <see cref="LinePlot"/>; <paramref name="Color"/> picks a palette entry (curves of one thing
/// in two states share it, one of them <paramref name="Dashed"/>), else curves take the palette in order.
/// </summary>
internal sealed record Series(string Name, double[] X, double[] Y, bool Dashed = false, int? Color = null);
