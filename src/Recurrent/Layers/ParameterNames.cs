namespace Recurrent.Layers;

/// <summary>PyTorch's state-dict keys for recurrent weights: the one place these strings are spelled.</summary>
public static class ParameterNames
{
    public const string WeightIh = "weight_ih", WeightHh = "weight_hh", BiasIh = "bias_ih", BiasHh = "bias_hh";

    /// <summary><c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>: a layer stack's name for layer <paramref name="layer"/>, direction 0 or 1.</summary>
    public static string ForLayer(string baseName, int layer, int direction) =>
        $"{baseName}_l{layer}{(direction == 1 ? "_reverse" : "")}";
}
