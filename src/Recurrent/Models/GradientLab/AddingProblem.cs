using Recurrent.Tensors;

namespace Recurrent.Models.GradientLab;

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber 1997; Le, Jaitly and Hinton 2015), a long-lag test. Each of T steps
/// carries two numbers: a value u_t ~ U(0, 1) and a marker m_t ∈ {0, 1}; exactly two steps are marked, one in the first
/// half and one in the second. The target is the sum of the two marked values. Predicting 1 always gives
/// MSE = Var(u_a + u_b) = 2 · 1/12 = 1/6 ≈ 0.167: a model must do better than that to have carried the first marked
/// value across up to T steps.
/// </summary>
public static class AddingProblem
{
    /// <summary>The MSE of always predicting the mean, 1: 1/6.</summary>
    public const double BaselineMse = 1.0 / 6;

    /// <summary>A batch: inputs (T, B, 2) time-major, [value, marker] per step, and targets (B).</summary>
    public static (Tensor Inputs, Tensor Targets) Batch(int steps, int batch, Rng rng)
    {
        if (steps < 2) throw new ArgumentException($"The adding problem needs T ≥ 2, got {steps}.");
        var x = Tensor.Zeros(steps, batch, 2);
        var y = Tensor.Zeros(batch);
        var xs = x.Span;
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++) xs[(t * batch + b) * 2] = rng.NextFloat();
            int half = steps / 2;
            int first = rng.NextInt(half), second = half + rng.NextInt(steps - half);
            xs[(first * batch + b) * 2 + 1] = 1;
            xs[(second * batch + b) * 2 + 1] = 1;
            y.Span[b] = xs[(first * batch + b) * 2] + xs[(second * batch + b) * 2];
        }
        return (x, y);
    }
}
