namespace Recurrent.Data;

/// <summary>One example for sequence classification: its label and text as written, and the line it starts on.</summary>
public sealed record LabelledText(string Label, string Text, int Line);
