using Recurrent.Autograd;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// A batch of sources as the decoder reads them: the encoder outputs <paramref name="Memory"/> (B, S, 2E), what the
/// attention precomputes from them (<paramref name="Keys"/>, or null), the source lengths, and the decoder's first state.
/// </summary>
public sealed record EncodedSource(Variable Memory, Variable? Keys, int[] Lengths, DecoderState Start);
