using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// How far a gradient travels back through time. A cell is unrolled over T steps, h_t = cell(x_t, h_{t−1}), and the loss
/// reads the last step only, L = Σ_b v·h_{T−1,b} with v a fixed unit vector, so ‖∂L/∂h_{T−1}‖ = 1 for every sequence.
/// By the chain rule ∂L/∂h_t = (∂h_{t+1}/∂h_t)ᵀ ∂L/∂h_{t+1}: a product of T − 1 − t Jacobians. For a tanh RNN each is
/// diag(1 − h²)·W_hh, whose norm is below 1 at PyTorch's initialisation, so the product shrinks geometrically (vanishing);
/// above 1 it grows (exploding). LSTM's c_t = f ⊙ c_{t−1} + i ⊙ g passes ∂L/∂c back through f alone, which is why its
/// gradient survives longer; GRU's update gate does the same for h. The measurement is autograd's own backward pass
/// through the unrolled cells (<see cref="RecurrentCell.Forward(Variable, Variable?, Variable?)"/>).
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// ‖∂L/∂h_t‖ (and ‖∂L/∂c_t‖) for every step of <paramref name="inputs"/> (T, B, I) through <paramref name="cell"/>,
    /// with <paramref name="readout"/> v (H) of unit norm. The cell's parameter gradients are left zeroed.
    /// </summary>
    public static GradientFlowResult Measure(RecurrentCell cell, Tensor inputs, Tensor readout)
    {
        if (inputs.Rank != 3 || inputs.Size(2) != cell.InputSize)
            throw new ArgumentException($"Expected inputs of shape (T, B, {cell.InputSize}), got {inputs.ShapeString}.");
        if (readout.Length != cell.HiddenSize) throw new ArgumentException($"The readout has {readout.Length} entries for {cell.HiddenSize} hidden units.");
        int T = inputs.Size(0), B = inputs.Size(1), I = inputs.Size(2);
        var hidden = new Variable[T];
        var cells = new Variable?[T];
        Variable? h = null, c = null;
        for (int t = 0; t < T; t++)
        {
            var x = new Variable(Tensor.FromArray(inputs.Span.Slice(t * B * I, B * I).ToArray(), B, I));
            var state = cell.Forward(x, h, c);
            (h, c) = (state.Hidden, state.Cell);
            (hidden[t], cells[t]) = (h, c);
        }
        // L = Σ_b v·h_{T−1, b}
        Ops.Sum(Ops.MatMul(h!, new Variable(readout.Reshape(cell.HiddenSize, 1)))).Backward();
        cell.ZeroGrad();
        return new GradientFlowResult(cell.Mode, hidden.Select(v => MeanRowNorm(v.Grad, B)).ToArray(),
            cell.Mode == RecurrentMode.Lstm ? cells.Select(v => MeanRowNorm(v!.Grad, B)).ToArray() : null);
    }

    /// <summary>
    /// The flow through a fresh cell (PyTorch's initialisation, U(−1/√H, 1/√H)) on inputs x_t ~ N(0, 1) (T, B, I) and a
    /// random unit readout; the inputs and readout depend on the seed only, so every cell is measured on the same ones.
    /// </summary>
    public static GradientFlowResult AtInitialisation(RecurrentMode mode, int steps, int inputSize, int hiddenSize, int batch, ulong seed)
    {
        if (steps < 2 || inputSize < 1 || hiddenSize < 1 || batch < 1)
            throw new ArgumentException($"--T must be at least 2 and --input, --hidden, --batch positive (got {steps}, {inputSize}, {hiddenSize}, {batch}).");
        var inputs = Tensor.Zeros(steps, batch, inputSize);
        new Rng(seed).FillGaussian(inputs.Span);
        var readout = Tensor.Zeros(hiddenSize);
        new Rng(seed + 1).FillGaussian(readout.Span);
        TensorPrimitives.Divide(readout.Span, TensorPrimitives.Norm(readout.Span), readout.Span);
        return Measure(RecurrentCell.Create(mode, inputSize, hiddenSize, rng: new Rng(seed + 2)), inputs, readout);
    }

    /// <summary>
    /// The flow through a lab model's recurrent layer on <paramref name="batch"/> fresh adding-problem sequences of
    /// length <paramref name="steps"/> (seeded), the loss reading h_{T−1} along the model's own readout direction:
    /// what the gradient of its prediction does, before or after training.
    /// </summary>
    public static GradientFlowResult OnAddingProblem(LongLagModel model, int steps, int batch, ulong seed)
    {
        var readout = model.Readout;
        float norm = TensorPrimitives.Norm(readout.Span);
        if (!(norm > 0)) throw new ArgumentException("The model's readout is zero: no gradient reaches the recurrent layer.");
        TensorPrimitives.Divide(readout.Span, norm, readout.Span);
        return Measure(LabCells.AsCell(model.Recurrent), AddingProblem.Batch(steps, batch, new Rng(seed)).Inputs, readout);
    }

    /// <summary>The mean over rows of each row's Euclidean norm; 0 where no gradient reached (the last c_t).</summary>
    private static double MeanRowNorm(Tensor? grad, int rows)
    {
        if (grad is null) return 0;
        int n = grad.Length / rows;
        double sum = 0;
        var g = grad.Span;
        for (int b = 0; b < rows; b++)
        {
            // In double: vanished gradients (1e-25 and below) would underflow when squared in float.
            double squares = 0;
            for (int i = b * n; i < (b + 1) * n; i++) squares += (double)g[i] * g[i];
            sum += Math.Sqrt(squares);
        }
        return sum / rows;
    }
}
