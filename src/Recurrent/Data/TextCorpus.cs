using Recurrent.Text;

namespace Recurrent.Data;

/// <summary>
/// Where a text task's data comes from: a UTF-8 text file, or a directory of the Brown corpus (word level; every 10th
/// file held out). The checks of <c>--text</c> and <c>--corpus</c> and both split rules (<see cref="Splits"/>) live here.
/// </summary>
public sealed class TextCorpus
{
    private string? _text;

    private TextCorpus(string path, bool isBrown) => (Path, IsBrown) = (path, isBrown);

    /// <summary>The text file, or the Brown corpus directory.</summary>
    public string Path { get; }
    public bool IsBrown { get; }

    /// <summary>How reports name it: the file's path, or "brown corpus".</summary>
    public string Name => IsBrown ? "brown corpus" : Path;

    /// <summary>A directory is read as the Brown corpus, anything else as a UTF-8 text file.</summary>
    public static TextCorpus At(string path) => new(path, Directory.Exists(path));

    /// <summary>
    /// The corpus named by the command-line options: <paramref name="corpus"/> "brown" (word level only) or the text
    /// file <paramref name="textPath"/>, else <paramref name="defaultText"/>. <paramref name="wordLevel"/>: whether the model
    /// reads words; null when the model will say (a checkpoint being scored).
    /// </summary>
    public static TextCorpus Choose(string? textPath, string? corpus, bool? wordLevel, string defaultText, string brownDirectory)
    {
        if (corpus is null) return new TextCorpus(textPath ?? defaultText, false);
        if (corpus != "brown") throw new ArgumentException($"--corpus must be 'brown', got '{corpus}'.");
        if (textPath is not null) throw new ArgumentException("Give --text or --corpus, not both.");
        if (wordLevel == false) throw new ArgumentException("The Brown corpus is modelled at word level: add --unit word (a character model cannot read it).");
        return new TextCorpus(brownDirectory, true);
    }

    /// <summary>The whole text (read once, strictly: <see cref="TextFile.Read"/>).</summary>
    public string Text => IsBrown ? throw new ArgumentException("The Brown corpus is read as words, not as one text.") : _text ??= TextFile.Read(Path);

    /// <summary>The text's first part and held-out tail (<see cref="Splits.Text"/>).</summary>
    public (string Train, string HeldOut) SplitText(double heldOutFraction) => Splits.Text(Text, heldOutFraction);

    /// <summary>
    /// Sentences of words, training part and held-out part: Brown by file (lower-cased, tags dropped), a text file by
    /// <see cref="Splits.Text"/> and then <see cref="WordTokenizer"/>.
    /// </summary>
    public (List<string[]> Train, List<string[]> HeldOut) SplitSentences(double heldOutFraction)
    {
        if (IsBrown) return BrownCorpus.Split(Path);
        var (train, heldOut) = SplitText(heldOutFraction);
        return (WordTokenizer.Sentences(train), WordTokenizer.Sentences(heldOut));
    }

    /// <summary>All sentences: Brown's training files then its held-out files; a text file's sentences in order.</summary>
    public List<string[]> AllSentences()
    {
        if (!IsBrown) return WordTokenizer.Sentences(Text);
        var (train, heldOut) = BrownCorpus.Split(Path);
        return [.. train, .. heldOut];
    }
}
