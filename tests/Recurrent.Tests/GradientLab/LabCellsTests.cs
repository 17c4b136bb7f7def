using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Models.GradientLab;
using Recurrent.Tensors;

namespace Recurrent.Tests.GradientLab;

/// <summary>The lab's initialisations (spectral radius, forget-gate bias) and the spectral radius they are measured by.</summary>
public sealed class LabCellsTests
{
    [Fact]
    public void Spectral_radius_is_the_largest_eigenvalue_modulus_also_for_a_rotation()
    {
        // Blocks: a rotation by 0.7 rad scaled by 1.3 (eigenvalues 1.3·e^{±0.7i}), and diag(−0.9, 0.5).
        float c = 1.3f * MathF.Cos(0.7f), s = 1.3f * MathF.Sin(0.7f);
        float[] w = [c, -s, 0, 0, s, c, 0, 0, 0, 0, -0.9f, 0, 0, 0, 0, 0.5f];
        Assert.Equal(1.3, SpectralRadius.Of(w, 4), 3);
        Assert.Equal(2.0, SpectralRadius.Of([0.5f, 0, 0, -2f], 2), 6);
        Assert.Equal(0.0, SpectralRadius.Of([0, 1, 0, 0], 2));                                    // nilpotent
    }

    [Fact]
    public void A_vanilla_rnn_is_rescaled_to_the_spectral_radius_asked_for()
    {
        var layer = LabCells.Create("rnn", 3, 32, new Rng(1), spectralRadius: 1.5);
        var whh = layer.Parameters.Single(p => p.Name == "weight_hh_l0").Value.Span;
        Assert.Equal(1.5, SpectralRadius.Of(whh, 32), 2);
        var plain = LabCells.Create("rnn", 3, 32, new Rng(1));
        Assert.True(SpectralRadius.Of(plain.Parameters.Single(p => p.Name == "weight_hh_l0").Value.Span, 32) < 1);  // PyTorch's init: ≈ 1/√3
        Assert.Throws<ArgumentException>(() => LabCells.Create("lstm", 3, 4, new Rng(1), spectralRadius: 1.5));
    }

    [Fact]
    public void The_forget_bias_sets_the_lstm_f_rows_of_bias_ih_and_zeroes_those_of_bias_hh()
    {
        const int H = 3;
        var layer = LabCells.Create("lstm", 2, H, new Rng(1), forgetBias: 1f);
        var bih = layer.Parameters.Single(p => p.Name == "bias_ih_l0").Value.Span.ToArray();
        var bhh = layer.Parameters.Single(p => p.Name == "bias_hh_l0").Value.Span.ToArray();
        Assert.Equal([1f, 1f, 1f], bih[H..(2 * H)]);
        Assert.Equal([0f, 0f, 0f], bhh[H..(2 * H)]);
        Assert.Contains(bih[..H], v => v != 0);                                                     // the other gates keep PyTorch's init
        Assert.Throws<ArgumentException>(() => LabCells.Create("gru", 2, H, new Rng(1), forgetBias: 1f));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("irnn")]
    public void A_layer_unrolled_as_its_cell_gives_the_same_last_state(string name)
    {
        var layer = LabCells.Create(name, 2, 5, new Rng(3));
        var (x, _) = AddingProblem.Batch(6, 3, new Rng(4));
        var expected = layer.Forward(x).HiddenState.Span.ToArray();
        var cell = LabCells.AsCell(layer);
        Variable? h = null, c = null;
        for (int t = 0; t < 6; t++)
        {
            var step = cell.Forward(new Variable(Tensor.FromArray(x.Span.Slice(t * 6, 6).ToArray(), 3, 2)), h, c);
            (h, c) = (step.Hidden, step.Cell);
        }
        var actual = h!.Value.Span.ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }
}
