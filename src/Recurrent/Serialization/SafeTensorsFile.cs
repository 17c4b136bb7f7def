using Recurrent.Tensors;

namespace Recurrent.Serialization;

/// <summary>The tensors and string metadata of one safetensors file.</summary>
public sealed record SafeTensorsFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
