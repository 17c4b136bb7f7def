namespace Recurrent.Data;

/// <summary>
/// One pronunciation of the CMU Pronouncing Dictionary: the word as written (without a variant marker), its variant
/// number (0 for <c>WORD</c>, n for <c>WORD(n)</c>), its ARPAbet phones with stress digits as given, and its line.
/// </summary>
public sealed record CmuEntry(string Word, int Variant, IReadOnlyList<string> Phones, int Line);
