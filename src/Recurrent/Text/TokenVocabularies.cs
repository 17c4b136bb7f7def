namespace Recurrent.Text;

/// <summary>Reads a vocabulary back from a checkpoint's <c>unit</c> and <c>vocabulary</c> metadata.</summary>
public static class TokenVocabularies
{
    public static ITokenVocabulary Parse(string unit, string serialized) => unit switch
    {
        "char" => CharVocabulary.Parse(serialized),
        "word" => WordVocabulary.Parse(serialized),
        _ => throw new InvalidDataException($"Unknown token unit '{unit}': expected char or word."),
    };
}
