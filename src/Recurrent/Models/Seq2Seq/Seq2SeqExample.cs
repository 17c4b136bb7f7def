namespace Recurrent.Models.Seq2Seq;

/// <summary>A held-out source with every acceptable output (a word's pronunciations); <paramref name="Key"/> names it (the word).</summary>
public sealed record Seq2SeqExample(string Key, string[] Source, string[][] References);
