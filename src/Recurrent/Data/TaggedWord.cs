namespace Recurrent.Data;

/// <summary>A word of a tagged corpus and its tag, both as written in the file.</summary>
public readonly record struct TaggedWord(string Word, string Tag);
