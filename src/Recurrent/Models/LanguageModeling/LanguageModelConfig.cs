using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// The shape of a language model; saved as JSON (<c>model_config</c>) in every checkpoint. The defaults are the
/// README's ~5-minute run on 2 cores, each for a reason:
/// </summary>
/// <param name="Cell">lstm: the cell state carries context over the long spans of text; gru, rnn, rnn-relu also.</param>
/// <param name="VocabSize">Filled in from the data (0 until then).</param>
/// <param name="EmbeddingSize">64: characters need few dimensions; words deserve more (128 and up).</param>
/// <param name="HiddenSize">256: large enough for Tiny Shakespeare to reach ~1.5 nats/char in 5 minutes, small enough to step fast.</param>
/// <param name="Layers">2: the second layer is worth its cost on text (char-rnn's default); more needs more data.</param>
/// <param name="Dropout">0.1: a mild regulariser, between layers and before the decoder, for a 1 MB corpus.</param>
public sealed record LanguageModelConfig(
    [property: JsonPropertyName("cell")] string Cell = "lstm",
    [property: JsonPropertyName("vocab_size")] int VocabSize = 0,
    [property: JsonPropertyName("embedding_size")] int EmbeddingSize = 64,
    [property: JsonPropertyName("hidden_size")] int HiddenSize = 256,
    [property: JsonPropertyName("layers")] int Layers = 2,
    [property: JsonPropertyName("dropout")] float Dropout = 0.1f)
{
    public static readonly string[] Cells = RecurrentModeExtensions.CellNames;

    [JsonIgnore]
    public RecurrentMode Mode => RecurrentModeExtensions.ParseCellName(Cell);

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
