using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.Generation;

/// <summary>
/// The shape of a conditional language model; saved as JSON (<c>model_config</c>). The defaults, each for a reason:
/// </summary>
/// <param name="Conditioning">How the condition enters, the seeds' two one-to-many drawings: <c>first</c> (the
/// condition is the input of the first step only, as an image in Show and Tell), <c>every</c> (it is joined to every
/// step's input), or <c>none</c> (an unconditional model of the same shape: the baseline it is compared with). first:
/// the recurrent state must carry the condition, which is the harder test of the architecture.</param>
/// <param name="Cell">lstm: the cell state can hold the condition across hundreds of characters.</param>
/// <param name="VocabSize">Filled in from the data (0 until then).</param>
/// <param name="Conditions">The classes (0: the condition is a given vector of <see cref="ConditionSize"/> numbers).</param>
/// <param name="ConditionSize">C, the class embedding's size; 0 = the token embedding's size (which <c>first</c> needs).</param>
/// <param name="EmbeddingSize">64: characters need few dimensions.</param>
/// <param name="HiddenSize">256: the language model's README size, trainable in minutes on 2 cores.</param>
/// <param name="Layers">2: as the language model (char-rnn's default).</param>
/// <param name="Dropout">0.1: between layers and before the output layer, as the language model.</param>
public sealed record ConditionalLanguageModelConfig(
    [property: JsonPropertyName("conditioning")] string Conditioning = "first",
    [property: JsonPropertyName("cell")] string Cell = "lstm",
    [property: JsonPropertyName("vocab_size")] int VocabSize = 0,
    [property: JsonPropertyName("conditions")] int Conditions = 0,
    [property: JsonPropertyName("condition_size")] int ConditionSize = 0,
    [property: JsonPropertyName("embedding_size")] int EmbeddingSize = 64,
    [property: JsonPropertyName("hidden_size")] int HiddenSize = 256,
    [property: JsonPropertyName("layers")] int Layers = 2,
    [property: JsonPropertyName("dropout")] float Dropout = 0.1f)
{
    public static readonly string[] Conditionings = ["first", "every", "none"];

    [JsonIgnore] public RecurrentMode Mode => RecurrentModeExtensions.ParseCellName(Cell);

    [JsonIgnore] public bool IsConditional => Conditioning != "none";

    /// <summary>C: the condition vector's size (the embedding's when not given; 0 without conditioning).</summary>
    [JsonIgnore] public int ResolvedConditionSize => !IsConditional ? 0 : ConditionSize > 0 ? ConditionSize : EmbeddingSize;

    /// <summary>The first recurrent layer's input size: the token embedding, and with <c>every</c> the condition beside it.</summary>
    [JsonIgnore] public int InputSize => EmbeddingSize + (Conditioning == "every" ? ResolvedConditionSize : 0);

    /// <summary>Throws a one-line error naming the first nonsensical field (vocabulary and classes only once the data is known).</summary>
    public void Validate(bool dataKnown = true)
    {
        _ = Mode;
        if (!Conditionings.Contains(Conditioning)) throw new ArgumentException($"--conditioning must be first, every or none, got '{Conditioning}'.");
        if (dataKnown && VocabSize < 1) throw new ArgumentException($"Vocabulary size must be positive, got {VocabSize}.");
        if (Conditions < 0) throw new ArgumentException($"The number of classes must be ≥ 0, got {Conditions}.");
        if (ConditionSize < 0) throw new ArgumentException($"--condition-size must be ≥ 0 (0 = the embedding's), got {ConditionSize}.");
        if (Conditioning == "first" && ResolvedConditionSize != EmbeddingSize)
            throw new ArgumentException($"--conditioning first feeds the condition as the first input, so --condition-size ({ConditionSize}) must equal --embedding ({EmbeddingSize}).");
        if (EmbeddingSize < 1) throw new ArgumentException($"--embedding must be positive, got {EmbeddingSize}.");
        if (HiddenSize < 1) throw new ArgumentException($"--hidden must be positive, got {HiddenSize}.");
        if (Layers < 1) throw new ArgumentException($"--layers must be positive, got {Layers}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
    }
}
