namespace Recurrent.Data;

/// <summary>One labelled document read from a file of its own: its label, its text and the file.</summary>
public sealed record LabelledDocument(string Label, string Text, string Path);
