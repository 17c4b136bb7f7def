using Recurrent.Layers;

namespace Recurrent.Serialization;

/// <summary>A module's parameters as a safetensors file, named as PyTorch's state dict names them.</summary>
public static class ModuleFiles
{
    /// <summary>Writes the parameters to a safetensors file PyTorch can read (<c>safetensors.torch.load_file</c>).</summary>
    public static void Save(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Save(path, module.Parameters.Select(p => (p.Name, p.Value)), metadata);

    /// <summary>Loads parameters from a safetensors file (extra tensors in the file are ignored unless <paramref name="strict"/>).</summary>
    public static void Load(this Module module, string path, bool strict = false) =>
        module.LoadStateDict(SafeTensors.Load(path).Tensors, strict, path);
}
