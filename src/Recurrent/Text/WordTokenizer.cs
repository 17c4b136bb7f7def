using System.Text;

namespace Recurrent.Text;

/// <summary>
/// Splits plain text into sentences of word tokens: words (letters, digits, apostrophes and inner hyphens) and each
/// punctuation mark as its own token, lower-cased; a sentence ends after '.', '!' or '?' and at blank lines.
/// </summary>
public static class WordTokenizer
{
    public static List<string[]> Sentences(string text)
    {
        var sentences = new List<string[]>();
        var current = new List<string>();
        var word = new StringBuilder();
        int newlines = 0;

        void EndWord()
        {
            if (word.Length == 0) return;
            current.Add(word.ToString().ToLowerInvariant());
            word.Clear();
        }
        void EndSentence()
        {
            EndWord();
            if (current.Count > 0) sentences.Add([.. current]);
            current.Clear();
        }

        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (ch == '\n') { if (++newlines >= 2) EndSentence(); }
            else if (!char.IsWhiteSpace(ch)) newlines = 0;
            bool inner = (ch == '\'' || ch == '-') && word.Length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
            if (char.IsLetterOrDigit(ch) || inner) { word.Append(ch); continue; }
            EndWord();
            if (char.IsWhiteSpace(ch)) continue;
            current.Add(ch.ToString());
            if (ch is '.' or '!' or '?') EndSentence();
        }
        EndSentence();
        return sentences;
    }
}
