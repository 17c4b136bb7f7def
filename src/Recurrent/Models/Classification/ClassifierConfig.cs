using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.Classification;

/// <summary>
/// The shape of a sequence classifier; saved as JSON (<c>model_config</c>) in every checkpoint. Either tokens
/// (<see cref="VocabSize"/> &gt; 0, an embedding in front) or numeric steps (<see cref="Features"/> &gt; 0, read as they
/// are). The defaults, each for a reason:
/// </summary>
/// <param name="Cell">lstm: the usual first choice for text; gru, rnn and rnn-relu also.</param>
/// <param name="VocabSize">Token inputs: filled in from the data (0 for numeric inputs).</param>
/// <param name="Features">Numeric inputs: the numbers of each step, from the data (0 for tokens).</param>
/// <param name="EmbeddingSize">128: enough for words without pretrained vectors; characters need fewer.</param>
/// <param name="HiddenSize">128 per direction: a 2-core machine trains it on ~10k passages in minutes.</param>
/// <param name="Layers">1: a second layer rarely pays on a few thousand examples.</param>
/// <param name="Bidirectional">true: the pooled summary sees every step with context from both sides.</param>
/// <param name="Pooling">max over time: the best of last/mean/max in Conneau et al. (2017) for BiLSTM sentence encoders.</param>
/// <param name="Dropout">0.3 on the pooled vector (and between layers): small data sets overfit quickly.</param>
/// <param name="Classes">Filled in from the data.</param>
/// <param name="TokenDropout">Training only: each real token becomes &lt;unk&gt; with this probability ("word dropout", Iyyer et
/// al. 2015), so the model cannot lean on single rare words; 0 by default.</param>
public sealed record ClassifierConfig(
    [property: JsonPropertyName("cell")] string Cell = "lstm",
    [property: JsonPropertyName("vocab_size")] int VocabSize = 0,
    [property: JsonPropertyName("features")] int Features = 0,
    [property: JsonPropertyName("embedding_size")] int EmbeddingSize = 128,
    [property: JsonPropertyName("hidden_size")] int HiddenSize = 128,
    [property: JsonPropertyName("layers")] int Layers = 1,
    [property: JsonPropertyName("bidirectional")] bool Bidirectional = true,
    [property: JsonPropertyName("pooling")] string Pooling = "max",
    [property: JsonPropertyName("dropout")] float Dropout = 0.3f,
    [property: JsonPropertyName("classes")] int Classes = 0,
    [property: JsonPropertyName("token_dropout")] float TokenDropout = 0f)
{
    public static readonly string[] Poolings = ["last", "mean", "max", "attention"];

    [JsonIgnore] public RecurrentMode Mode => RecurrentModeExtensions.ParseCellName(Cell);

    [JsonIgnore] public bool ReadsTokens => VocabSize > 0;

    /// <summary>Throws a one-line error naming the first nonsensical field (the data's sizes only once they are known).</summary>
    public void Validate(bool dataKnown = true)
    {
        _ = Mode;
        if (!Poolings.Contains(Pooling)) throw new ArgumentException($"Unknown --pooling '{Pooling}': expected {string.Join(", ", Poolings)}.");
        if (EmbeddingSize < 1) throw new ArgumentException($"--embedding must be positive, got {EmbeddingSize}.");
        if (HiddenSize < 1) throw new ArgumentException($"--hidden must be positive, got {HiddenSize}.");
        if (Layers < 1) throw new ArgumentException($"--layers must be positive, got {Layers}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
        if (!(TokenDropout >= 0 && TokenDropout < 1)) throw new ArgumentException($"--token-dropout must be in [0, 1), got {TokenDropout}.");
        if (!dataKnown) return;
        if ((VocabSize > 0) == (Features > 0)) throw new ArgumentException($"A classifier reads tokens or numeric features: vocab_size {VocabSize}, features {Features}.");
        if (VocabSize < 0 || Features < 0) throw new ArgumentException($"Negative input size: vocab_size {VocabSize}, features {Features}.");
        if (Classes < 2) throw new ArgumentException($"A classifier needs at least 2 classes, got {Classes}.");
    }
}
