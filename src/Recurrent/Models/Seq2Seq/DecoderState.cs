using Recurrent.Autograd;

namespace Recurrent.Models.Seq2Seq;

/// <summary>
/// The decoder between two steps: each stacked cell's h (and c for LSTM), each (B, D), and the attentional vector
/// h̃ fed to the next step's input (input feeding; zeros before the first step).
/// </summary>
public sealed record DecoderState(Variable[] Hidden, Variable?[] Cell, Variable Feed);
