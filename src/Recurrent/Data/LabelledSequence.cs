namespace Recurrent.Data;

/// <summary>
/// One numeric sequence for classification: its label, its values (T, F) row-major, and the line it was read from.
/// </summary>
public sealed record LabelledSequence(string Label, float[] Values, int Steps, int Features, int Line);
