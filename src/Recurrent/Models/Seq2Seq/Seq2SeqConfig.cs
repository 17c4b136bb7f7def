using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// The shape of an attentional encoder-decoder; saved as JSON (<c>model_config</c>) in every checkpoint. Defaults, each for a reason:
/// </summary>
/// <param name="Cell">lstm for the encoder and the decoder cells (gru also).</param>
/// <param name="SourceVocab">Filled in from the data (source symbols with the four reserved ids).</param>
/// <param name="TargetVocab">Filled in from the data.</param>
/// <param name="Embedding">64: letters and phones are a few dozen symbols each.</param>
/// <param name="EncoderHidden">256 per direction: the size of the published G2P encoders that train in an hour on 2 cores.</param>
/// <param name="EncoderLayers">2 bidirectional layers.</param>
/// <param name="DecoderHidden">256.</param>
/// <param name="DecoderLayers">1 stacked cell.</param>
/// <param name="Attention">general (Luong: score = h_tᵀ W m_s, cheap and works when the decoder and the encoder outputs differ in
/// size); dot (h_tᵀ m_s, needs DecoderHidden = 2·EncoderHidden); additive (Bahdanau: vᵀ tanh(W_q h_t + W_k m_s)); none.</param>
/// <param name="InputFeeding">true: the attentional vector h̃_(t−1) joins the next step's input (Luong et al. 2015).</param>
/// <param name="Dropout">0.3 on embeddings, between encoder layers and on h̃ before the output layer.</param>
/// <param name="LabelSmoothing">0 (off): the training target is (1 − ε)·onehot + ε/V (Szegedy et al. 2016), PyTorch's label_smoothing.</param>
public sealed record Seq2SeqConfig(
    [property: JsonPropertyName("cell")] string Cell = "lstm",
    [property: JsonPropertyName("source_vocab")] int SourceVocab = 0,
    [property: JsonPropertyName("target_vocab")] int TargetVocab = 0,
    [property: JsonPropertyName("embedding")] int Embedding = 64,
    [property: JsonPropertyName("encoder_hidden")] int EncoderHidden = 256,
    [property: JsonPropertyName("encoder_layers")] int EncoderLayers = 2,
    [property: JsonPropertyName("decoder_hidden")] int DecoderHidden = 256,
    [property: JsonPropertyName("decoder_layers")] int DecoderLayers = 1,
    [property: JsonPropertyName("attention")] string Attention = "general",
    [property: JsonPropertyName("input_feeding")] bool InputFeeding = true,
    [property: JsonPropertyName("dropout")] float Dropout = 0.3f,
    [property: JsonPropertyName("label_smoothing")] float LabelSmoothing = 0f)
{
    public static readonly string[] Attentions = ["general", "dot", "additive", "none"];

    [JsonIgnore] public RecurrentMode Mode => RecurrentModeExtensions.ParseCellName(Cell);

    /// <summary>The width of an encoder output, 2·EncoderHidden.</summary>
    [JsonIgnore] public int MemorySize => 2 * EncoderHidden;

    /// <summary>Throws a one-line error naming the first nonsensical field (the vocabularies only once the data is known).</summary>
    public void Validate(bool dataKnown = true)
    {
        if (Mode is not (RecurrentMode.Lstm or RecurrentMode.Gru)) throw new ArgumentException($"The encoder-decoder's --cell must be lstm or gru, got '{Cell}'.");
        if (!Attentions.Contains(Attention)) throw new ArgumentException($"Unknown --attention '{Attention}': expected {string.Join(", ", Attentions)}.");
        if (Embedding < 1 || EncoderHidden < 1 || DecoderHidden < 1) throw new ArgumentException($"Sizes must be positive: embedding {Embedding}, encoder {EncoderHidden}, decoder {DecoderHidden}.");
        if (EncoderLayers < 1 || DecoderLayers < 1) throw new ArgumentException($"Layer counts must be positive: encoder {EncoderLayers}, decoder {DecoderLayers}.");
        if (Attention == "dot" && DecoderHidden != MemorySize)
            throw new ArgumentException($"--attention dot scores h_tᵀ m_s, so the decoder ({DecoderHidden}) must be as wide as the encoder's outputs (2 × {EncoderHidden} = {MemorySize}).");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1)) throw new ArgumentException($"--label-smoothing must be in [0, 1), got {LabelSmoothing}.");
        if (dataKnown && (SourceVocab <= Symbols.Reserved || TargetVocab <= Symbols.Reserved))
            throw new ArgumentException($"The vocabularies hold no symbols: source {SourceVocab}, target {TargetVocab}.");
    }
}
