using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The one-layer recurrent layers the lab trains, by name, with the initialisations the literature compares:
/// lstm, gru, rnn (tanh), rnn-relu at PyTorch's U(−1/√H, 1/√H); irnn, the ReLU RNN of Le, Jaitly and Hinton (2015):
/// W_hh = I, biases 0, W_ih ~ N(0, 0.001²), so that at the start h_t = h_{t−1} + small input and the gradient neither
/// vanishes nor explodes. Optionally the recurrent matrix of a vanilla RNN is rescaled to a spectral radius ρ
/// (ρ &gt; 1 makes gradients explode), and an LSTM's forget-gate bias is set (b_f = 1 in Jozefowicz, Zaremba and Sutskever
/// 2015: the cell starts by remembering).
/// </summary>
public static class LabCells
{
    public const string Names = "lstm, gru, rnn, rnn-relu, irnn";

    /// <summary>The mode a lab cell name runs (irnn is a ReLU RNN); one-line error for other names.</summary>
    public static RecurrentMode ModeOf(string cell) => cell == "irnn" ? RecurrentMode.RnnRelu : RecurrentModeExtensions.ParseCellName(cell);

    public static RecurrentLayer Create(string cell, int inputSize, int hiddenSize, Rng rng, double? spectralRadius = null, float? forgetBias = null)
    {
        var mode = ModeOf(cell);
        if (spectralRadius is not null && mode.GateCount() != 1) throw new ArgumentException($"--radius applies to rnn, rnn-relu and irnn, not {cell}.");
        if (forgetBias is not null && mode != RecurrentMode.Lstm) throw new ArgumentException($"--forget-bias applies to lstm, not {cell}.");
        var layer = RecurrentLayer.Create(mode, inputSize, hiddenSize, rng: rng);
        int H = hiddenSize;
        foreach (var p in layer.Parameters)
        {
            var w = p.Value.Span;
            if (cell == "irnn")
            {
                if (p.Name.StartsWith(ParameterNames.WeightHh)) { w.Clear(); for (int i = 0; i < H; i++) w[i * H + i] = 1; }
                else if (p.Name.StartsWith(ParameterNames.WeightIh)) rng.FillGaussian(w, 0.001f);
                else w.Clear();
            }
            if (spectralRadius is { } rho && p.Name.StartsWith(ParameterNames.WeightHh))
            {
                double now = SpectralRadius.Of(w, H);
                if (now > 0) TensorPrimitives.Multiply(w, (float)(rho / now), w);
            }
            // LSTM gate order i, f, g, o: the forget gate's bias is rows H..2H, split between b_ih (set) and b_hh (zeroed).
            if (forgetBias is { } bf && p.Name.StartsWith(ParameterNames.BiasIh)) w.Slice(H, H).Fill(bf);
            if (forgetBias is not null && p.Name.StartsWith(ParameterNames.BiasHh)) w.Slice(H, H).Clear();
        }
        return layer;
    }

    /// <summary>
    /// A single-step cell holding a copy of a one-layer, one-direction layer's weights (weight_ih_l0 → weight_ih ...),
    /// to unroll it step by step (<see cref="GradientFlow"/>).
    /// </summary>
    public static RecurrentCell AsCell(RecurrentLayer layer)
    {
        if (layer.NumLayers != 1 || layer.Bidirectional) throw new ArgumentException("Only a one-layer, one-direction layer unrolls as one cell.");
        var cell = RecurrentCell.Create(layer.Mode, layer.InputSize, layer.HiddenSize, bias: layer.Bias, rng: new Rng(0));
        cell.LoadStateDict(layer.Parameters.ToDictionary(p => p.Name.Replace("_l0", ""), p => p.Value.Clone()), strict: true, source: "layer");
        return cell;
    }
}
