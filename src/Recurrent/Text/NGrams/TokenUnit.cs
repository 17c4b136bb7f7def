namespace Recurrent.Text.NGrams;

/// <summary>What an n-gram model counts: characters (Unicode scalar values) or words.</summary>
public enum TokenUnit { Char, Word }
