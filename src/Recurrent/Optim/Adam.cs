using Recurrent.Autograd;
using Recurrent.Kernels;
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
    float eps = 1e-8f, float weightDecay = 0f, bool decoupledWeightDecay = false) : Optimizer(parameters, learningRate), IParallelWork
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
        _update = new AdamUpdate(Beta1, Beta2, Eps, (float)(LearningRate / biasCorrection1), (float)(1 / biasCorrection2Sqrt),
            WeightDecay, DecoupledWeightDecay, 1 - LearningRate * WeightDecay);
        _chunks ??= Chunks();
        KernelThreads.Run(this, _chunks.Length);
        StepCount = t;
    }

    // Parallel work: the parameters cut into chunks of at most ChunkSize elements, updated independently.
    private const int ChunkSize = 1 << 15;
    private (int Parameter, int Start, int Length)[]? _chunks;
    private AdamUpdate _update;

    private (int, int, int)[] Chunks() =>
        [.. Parameters.SelectMany((p, i) => Enumerable.Range(0, (p.Value.Length + ChunkSize - 1) / ChunkSize)
            .Select(c => (i, c * ChunkSize, Math.Min(ChunkSize, p.Value.Length - c * ChunkSize))))];

    void IParallelWork.Execute(int task)
    {
        var (i, start, length) = _chunks![task];
        _update.Apply(Parameters[i].Value.Span.Slice(start, length), Parameters[i].Grad.Span.Slice(start, length),
            _expAvg[i].Span.Slice(start, length), _expAvgSq[i].Span.Slice(start, length));
    }

    public override IEnumerable<(string Name, Tensor Value)> StateTensors() =>
        _expAvg.Select((m, i) => ($"exp_avg.{Parameters[i].Name}", m))
            .Concat(_expAvgSq.Select((v, i) => ($"exp_avg_sq.{Parameters[i].Name}", v)));
}
