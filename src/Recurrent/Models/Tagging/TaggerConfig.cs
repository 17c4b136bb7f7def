using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.Tagging;

/// <summary>
/// The shape of a <see cref="SequenceTagger"/>. Defaults follow Plank, Søgaard and Goldberg (2016) and Lample et al.
/// (2016) in size, scaled to train in minutes on 2 cores: word embeddings of 100, a character BiLSTM of 32 + 32 over
/// each word (so unseen words are tagged by their spelling), one bidirectional LSTM layer of 128 per direction, dropout
/// 0.25 on the inputs and outputs of the stack.
/// </summary>
public sealed record TaggerConfig
{
    [JsonPropertyName("cell")] public string Cell { get; init; } = "lstm";
    [JsonPropertyName("word_embedding")] public int WordEmbedding { get; init; } = 100;
    [JsonPropertyName("char_embedding")] public int CharEmbedding { get; init; } = 32;

    /// <summary>Hidden size per direction of the character BiLSTM; 0 = no character features.</summary>
    [JsonPropertyName("char_hidden")] public int CharHidden { get; init; } = 32;
    [JsonPropertyName("hidden")] public int HiddenSize { get; init; } = 128;
    [JsonPropertyName("layers")] public int Layers { get; init; } = 1;
    [JsonPropertyName("dropout")] public float Dropout { get; init; } = 0.25f;

    /// <summary>A CRF output layer (BiLSTM-CRF): tags scored as a sequence, decoded by Viterbi; off by default.</summary>
    [JsonPropertyName("crf")] public bool Crf { get; init; }

    /// <summary>Word ids in use (with &lt;pad&gt; and &lt;unk&gt;); set from the data.</summary>
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }
    [JsonPropertyName("char_vocab_size")] public int CharVocabSize { get; init; }
    [JsonPropertyName("tags")] public int Tags { get; init; }

    [JsonIgnore] public RecurrentMode Mode => RecurrentModeExtensions.ParseCellName(Cell);

    /// <summary>The width of the stack's input: the word embedding and both character directions.</summary>
    [JsonIgnore] public int InputSize => WordEmbedding + 2 * CharHidden;

    public void Validate(bool dataKnown = true)
    {
        _ = Mode;
        if (WordEmbedding < 1) throw new ArgumentException($"--embedding must be positive, got {WordEmbedding}.");
        if (CharHidden < 0 || (CharHidden > 0 && CharEmbedding < 1))
            throw new ArgumentException($"--char-hidden must be ≥ 0 and --char-embedding positive, got {CharHidden} and {CharEmbedding}.");
        if (HiddenSize < 1 || Layers < 1) throw new ArgumentException($"--hidden and --layers must be positive, got {HiddenSize} and {Layers}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
        if (dataKnown && (VocabSize < 2 || Tags < 1 || (CharHidden > 0 && CharVocabSize < 2)))
            throw new ArgumentException($"A tagger needs a vocabulary and tags (got {VocabSize} words, {CharVocabSize} characters, {Tags} tags).");
    }
}
