namespace Recurrent.Models.Tagging;

/// <summary>
/// One batch for a <see cref="SequenceTagger"/>. Words: <see cref="Ids"/> (T, B) time-major, padded past
/// <see cref="Lengths"/>. Characters of the batch's distinct words, once each: <see cref="CharIds"/> (C, N) time-major
/// for N words of up to C characters, <see cref="CharLengths"/> (N); <see cref="WordSlots"/> (T, B) says which of the
/// N words stands at each position (0 at padding).
/// </summary>
public sealed record TaggerInput(int Steps, int[] Ids, int[] Lengths, int CharSteps, int[] CharIds, int[] CharLengths, int[] WordSlots)
{
    public int Size => Lengths.Length;
    public int Words => CharLengths.Length;
}
