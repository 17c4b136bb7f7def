using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba) with PyTorch's rule (torch.optim.Adam, 1.13), and AdamW's decoupled weight decay
/// (Loshchilov &amp; Hutter) when <paramref name="decoupledWeightDecay"/> is set (torch.optim.AdamW):
/// <code>
/// Adam:  g = ∇ + λθ          AdamW:  θ ← θ(1 − lr·λ),  g = ∇
/// m = β₁m + (1 − β₁)g;  v = β₂v + (1 − β₂)g²;  t ← t + 1
/// θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// </summary>
public class Adam(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float eps = 1e-8f, float weightDecay = 0f, bool decoupledWeightDecay = false) : Optimizer(parameters, learningRate)
{
    private readonly Tensor[] _expAvg = parameters.Select(p => Tensor.Zeros(p.Value.Shape.ToArray())).ToArray();
    private readonly Tensor[] _expAvgSq = parameters.Select(p => Tensor.Zeros(p.Value.Shape.ToArray())).ToArray();

    public float Beta1 { get; } = beta1;
    public float Beta2 { get; } = beta2;
    public float Eps { get; } = eps;
    public float WeightDecay { get; } = weightDecay;
    public bool DecoupledWeightDecay { get; } = decoupledWeightDecay;

    public override void Step()
    {
        long t = StepCount + 1;
        double biasCorrection1 = 1 - Math.Pow(Beta1, t);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, t));
        float stepSize = (float)(LearningRate / biasCorrection1);
        float invCorrection2 = (float)(1 / biasCorrection2Sqrt);
        float decay = 1 - LearningRate * WeightDecay;
        for (int i = 0; i < Parameters.Count; i++)
        {
            var theta = Parameters[i].Value.Span;
            var grad = Parameters[i].Grad.Span;
            var m = _expAvg[i].Span;
            var v = _expAvgSq[i].Span;
            for (int j = 0; j < theta.Length; j++)
            {
                float g = grad[j];
                if (WeightDecay != 0)
                {
                    if (DecoupledWeightDecay) theta[j] *= decay;
                    else g += WeightDecay * theta[j];
                }
                m[j] = Beta1 * m[j] + (1 - Beta1) * g;
                v[j] = Beta2 * v[j] + (1 - Beta2) * g * g;
                float denominator = MathF.Sqrt(v[j]) * invCorrection2 + Eps;
                theta[j] -= stepSize * m[j] / denominator;
            }
        }
        StepCount = t;
    }

    public override IEnumerable<(string Name, Tensor Value)> StateTensors() =>
        _expAvg.Select((m, i) => ($"exp_avg.{Parameters[i].Name}", m))
            .Concat(_expAvgSq.Select((v, i) => ($"exp_avg_sq.{Parameters[i].Name}", v)));
}

/// <summary>Adam with decoupled weight decay (torch.optim.AdamW; its default λ = 0.01).</summary>
public sealed class AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float eps = 1e-8f, float weightDecay = 1e-2f) : Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true);
