namespace Recurrent.Text;

/// <summary>What a recurrent language model's tokens are: characters (<see cref="CharVocabulary"/>) or words (<see cref="WordVocabulary"/>).</summary>
public interface ITokenVocabulary
{
    /// <summary>"char" or "word"; saved in checkpoints.</summary>
    string Unit { get; }

    int Count { get; }

    /// <summary>Text → token ids (a character not in the vocabulary is an error; an unknown word is &lt;unk&gt;).</summary>
    int[] Encode(string text);

    /// <summary>
    /// Text → token ids under the policy for what the model has not seen, so any text can be scored or used as a prompt:
    /// a character model has no &lt;unk&gt;, so an unseen character is skipped (neither read nor predicted); an unseen word
    /// becomes &lt;unk&gt;, as in the n-gram models. <paramref name="unseen"/> counts them either way.
    /// </summary>
    int[] EncodeKnown(string text, out int unseen);

    /// <summary>What <see cref="EncodeKnown"/> does with an unseen token, for reports: "skipped" or "scored as &lt;unk&gt;".</summary>
    string UnseenPolicy { get; }

    /// <summary>The text of one token as it should be printed (words carry their separator).</summary>
    string Decode(int id);

    /// <summary>The token a generation starts from when there is no prompt.</summary>
    int StartToken { get; }

    /// <summary>The vocabulary as one string for checkpoint metadata; <see cref="TokenVocabularies.Parse"/> reverses it.</summary>
    string Serialize();
}
