namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// Simple features of a text, one value per token, for finding the units of a language model that track them
/// (<see cref="ActivationTrace.Correlations"/>):
///   quotes           1 inside double quotes (the opening and closing quote included), else 0;
///   line-position    the characters since the last line break before the token;
///   parentheses      the depth of ( … ) nesting at the token (both parentheses included);
///   word-position    the characters since the last space or line break (0 on one).
/// </summary>
public static class TextFeature
{
    public static readonly string[] Names = ["quotes", "line-position", "parentheses", "word-position"];

    public static double[] Compute(string feature, IReadOnlyList<string> tokens)
    {
        if (!Names.Contains(feature)) throw new ArgumentException($"unknown feature '{feature}': expected {string.Join(", ", Names)}.");
        var values = new double[tokens.Count];
        bool inside = false;
        int column = 0, depth = 0, inWord = 0;
        for (int t = 0; t < tokens.Count; t++)
        {
            string token = tokens[t];
            int quotes = token.Count(ch => ch == '"');
            values[t] = feature switch
            {
                "quotes" => inside || quotes > 0 ? 1 : 0,
                "line-position" => column,
                "parentheses" => depth + (token.Contains('(') ? 1 : 0),
                _ => token is " " or "\n" ? 0 : inWord,
            };
            if (quotes % 2 == 1) inside = !inside;
            depth = Math.Max(0, depth + token.Count(ch => ch == '(') - token.Count(ch => ch == ')'));
            int newline = token.LastIndexOf('\n');
            column = newline >= 0 ? token.Length - newline - 1 : column + token.Length;
            int space = token.LastIndexOfAny([' ', '\n']);
            inWord = space >= 0 ? token.Length - space - 1 : inWord + token.Length;
        }
        return values;
    }
}
