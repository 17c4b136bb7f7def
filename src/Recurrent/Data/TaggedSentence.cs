namespace Recurrent.Data;

/// <summary>One sentence for tagging: its tokens and their tags (as many), and the line of its first token.</summary>
public sealed record TaggedSentence(IReadOnlyList<string> Tokens, IReadOnlyList<string> Tags, int Line);
