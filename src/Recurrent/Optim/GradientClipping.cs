using Recurrent.Autograd;

namespace Recurrent.Optim;

/// <summary>Clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// ‖g‖ = √(Σ over all parameters of Σ g²); g ← g · min(1, θ / (‖g‖ + 10⁻⁶)). Returns ‖g‖ before clipping
    /// (NaN or ∞ if any gradient is; the gradients are then left as they are, so the caller can see and stop).
    /// </summary>
    public static float ClipByGlobalNorm(IEnumerable<Parameter> parameters, float maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Clipping threshold must be positive.");
        var list = parameters as IReadOnlyList<Parameter> ?? parameters.ToList();
        float total = GlobalNorm(list);
        if (!float.IsFinite(total)) return total;
        float coefficient = maxNorm / (total + 1e-6f);
        if (coefficient < 1f)
            foreach (var p in list) TensorPrimitives.Multiply(p.Grad.Span, coefficient, p.Grad.Span);
        return total;
    }

    /// <summary>‖g‖ = √(Σ over all parameters of Σ g²), the norm <see cref="ClipByGlobalNorm"/> clips, without clipping.</summary>
    public static float GlobalNorm(IEnumerable<Parameter> parameters)
    {
        double sumOfSquares = 0;
        foreach (var p in parameters)
        {
            float norm = TensorPrimitives.Norm(p.Grad.Span);
            sumOfSquares += (double)norm * norm;
        }
        return (float)Math.Sqrt(sumOfSquares);
    }
}
