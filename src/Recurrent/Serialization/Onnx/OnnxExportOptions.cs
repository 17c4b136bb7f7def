namespace Recurrent.Serialization.Onnx;

/// <summary>
/// What an exported graph takes besides its data. Batch and sequence length are always dynamic (named dimensions
/// <c>batch</c>, <c>steps</c>); nothing is fixed at an export batch size.
/// </summary>
/// <param name="SequenceLengths">An int32 input <c>sequence_lens</c> (batch): each sequence's valid steps, fed to every
/// recurrent node, so padded batches give each sequence the results it gets alone (PyTorch's packed sequences).</param>
/// <param name="InitialState">Inputs <c>initial_h</c> (and <c>initial_c</c> for LSTM), (layers·directions, batch, hidden),
/// for models that carry a state (language model, forecaster); without them the state starts at zero.</param>
public sealed record OnnxExportOptions(bool SequenceLengths = false, bool InitialState = false);
