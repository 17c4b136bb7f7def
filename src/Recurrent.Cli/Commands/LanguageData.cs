using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>Where a language model's tokens come from: a text file's characters or words, or the Brown corpus' words.</summary>
internal static class LanguageData
{
    /// <summary>Training data; with <paramref name="vocabulary"/> (a resume) the checkpoint's vocabulary is reused.</summary>
    public static TrainingData Load(string? textPath, string? corpus, string unit, int minCount, double validationFraction, ITokenVocabulary? vocabulary = null)
    {
        if (unit is not ("char" or "word")) throw new ArgumentException($"--unit must be 'char' or 'word', got '{unit}'.");
        if (corpus is not null)
        {
            if (corpus != "brown") throw new ArgumentException($"--corpus must be 'brown', got '{corpus}'.");
            if (textPath is not null) throw new ArgumentException("Give --text or --corpus, not both.");
            if (unit != "word") throw new ArgumentException("The Brown corpus is modelled at word level: add --unit word.");
            var (train, held) = BrownCorpus.Split(Bundled.Brown);
            return TrainingData.FromWords(train, held, minCount,
                $"Brown corpus: {train.Count:N0} training sentences, {held.Count:N0} held out (every 10th file)", vocabulary);
        }
        string path = textPath ?? Bundled.TinyShakespeare;
        string text = TextFile.Read(path);
        if (unit == "char") return TrainingData.FromCharacters(text, validationFraction, vocabulary);
        int cut = (int)(text.Length * (1 - validationFraction));
        return TrainingData.FromWords(WordTokenizer.Sentences(text[..cut]), WordTokenizer.Sentences(text[cut..]), minCount,
            $"{path}: words, last {validationFraction:P0} of the characters held out", vocabulary);
    }

    /// <summary>The tokens of held-out (or all) text in a model's vocabulary, for evaluation.</summary>
    public static int[] EvaluationTokens(ITokenVocabulary vocabulary, string? textPath, string? corpus, string split)
    {
        if (split is not ("all" or "val")) throw new ArgumentException($"--split must be 'all' or 'val', got '{split}'.");
        if (vocabulary is WordVocabulary words)
        {
            if (corpus is not null)
            {
                if (corpus != "brown") throw new ArgumentException($"--corpus must be 'brown', got '{corpus}'.");
                var (train, held) = BrownCorpus.Split(Bundled.Brown);
                return words.Encode(split == "val" ? held : [.. train, .. held]);
            }
            string content = TextFile.Read(textPath ?? Bundled.TinyShakespeare);
            return words.Encode(WordTokenizer.Sentences(split == "val" ? content[(int)(content.Length * 0.9)..] : content));
        }
        if (corpus is not null) throw new ArgumentException("This is a character model; --corpus brown needs a word model.");
        var tokens = vocabulary.Encode(TextFile.Read(textPath ?? Bundled.TinyShakespeare));
        return split == "val" ? tokens[(int)(tokens.Length * 0.9)..] : tokens;
    }
}
