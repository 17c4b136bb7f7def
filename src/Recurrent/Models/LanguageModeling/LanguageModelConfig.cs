using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// The shape of a language model; saved as JSON (<c>model_config</c>) in every checkpoint. No defaults here: the
/// command gives them (<c>rnn train</c>: a 2 × 256 LSTM, embedding 64, dropout 0.1, each with its reason there).
/// </summary>
public sealed record LanguageModelConfig(
    [property: JsonPropertyName("cell")] string Cell,
    [property: JsonPropertyName("vocab_size")] int VocabSize,
    [property: JsonPropertyName("embedding_size")] int EmbeddingSize,
    [property: JsonPropertyName("hidden_size")] int HiddenSize,
    [property: JsonPropertyName("layers")] int Layers,
    [property: JsonPropertyName("dropout")] float Dropout)
{
    public static readonly string[] Cells = ["lstm", "gru", "rnn", "rnn-relu"];

    [JsonIgnore]
    public RecurrentMode Mode => Cell switch
    {
        "lstm" => RecurrentMode.Lstm,
        "gru" => RecurrentMode.Gru,
        "rnn" => RecurrentMode.RnnTanh,
        "rnn-relu" => RecurrentMode.RnnRelu,
        _ => throw new ArgumentException($"Unknown --cell '{Cell}': expected {string.Join(", ", Cells)}."),
    };

    /// <summary>Throws a one-line error naming the first nonsensical field (the vocabulary size only once it is known).</summary>
    public void Validate(bool vocabularyKnown = true)
    {
        _ = Mode;
        if (vocabularyKnown && VocabSize < 1) throw new ArgumentException($"Vocabulary size must be positive, got {VocabSize}.");
        if (EmbeddingSize < 1) throw new ArgumentException($"--embedding must be positive, got {EmbeddingSize}.");
        if (HiddenSize < 1) throw new ArgumentException($"--hidden must be positive, got {HiddenSize}.");
        if (Layers < 1) throw new ArgumentException($"--layers must be positive, got {Layers}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
    }
}
