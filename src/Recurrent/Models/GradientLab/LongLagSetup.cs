using System.Text.Json;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// One lab run of a long-lag task: the cell (a <see cref="LabCells"/> name), hidden size, the task's length T, the batch,
/// the seed of the fixed test set, and the optional initialisations (spectral radius of W_hh, LSTM forget-gate bias).
/// </summary>
public sealed record LongLagSetup(string Cell, int Hidden, int Length, int Batch, ulong TestSeed, double? SpectralRadius = null, float? ForgetBias = null)
{
    /// <summary>The setup as checkpoint metadata (<c>task_config</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        cell = Cell, hidden = Hidden, length = Length, batch = Batch, test_seed = TestSeed, spectral_radius = SpectralRadius, forget_bias = ForgetBias,
    });
}
