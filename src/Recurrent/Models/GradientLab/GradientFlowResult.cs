using Recurrent.Layers;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The measured flow of one cell: <see cref="Hidden"/>[t] = the mean over the batch of ‖∂L/∂h_t‖ for t = 0..T−1, and for
/// LSTM <see cref="Cell"/>[t] the mean norm of the gradient that reaches c_t from step t + 1, the part the cell state
/// carries back (0 at the last step, where the loss reads h only); null for the other cells. Lag T − 1 − t is how many steps
/// the gradient travelled back from the loss.
/// </summary>
public sealed record GradientFlowResult(RecurrentMode Mode, double[] Hidden, double[]? Cell)
{
    public int Steps => Hidden.Length;

    /// <summary>‖∂L/∂h‖ at a lag (0 = the last step).</summary>
    public double HiddenAtLag(int lag) => Hidden[Steps - 1 - lag];
}
