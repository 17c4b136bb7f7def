namespace Recurrent.Serialization.Onnx;

/// <summary>
/// A well-formed ONNX graph that asks for something outside what Recurrent runs (PyTorch's semantics): an operator not
/// imported, peepholes, <c>linear_before_reset = 0</c>, other activations, <c>clip</c>. The message names the node and
/// the attribute or input; the conformance command reports these cases as refused, not failed.
/// </summary>
public sealed class UnsupportedOnnxException(string message) : NotSupportedException(message);
