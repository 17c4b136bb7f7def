using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's rule (torch.optim.SGD, 1.13):
/// g = ∇ + λθ;  with momentum μ: b = g on the first step, else b = μb + (1 − dampening)g;
/// g = g + μb (Nesterov) or g = b;  θ ← θ − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor[] _momentumBuffers;

    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0f, float dampening = 0f,
        float weightDecay = 0f, bool nesterov = false) : base(parameters, learningRate)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be ≥ 0.");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires momentum > 0 and zero dampening.");
        (Momentum, Dampening, WeightDecay, Nesterov) = (momentum, dampening, weightDecay, nesterov);
        _momentumBuffers = momentum > 0 ? ZerosLike() : [];
    }

    public float Momentum { get; }
    public float Dampening { get; }
    public float WeightDecay { get; }
    public bool Nesterov { get; }

    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var theta = Parameters[i].Value.Span;
            var grad = Parameters[i].Grad.Span;
            var buffer = Momentum > 0 ? _momentumBuffers[i].Span : default;
            for (int j = 0; j < theta.Length; j++)
            {
                float g = grad[j];
                if (WeightDecay != 0) g += WeightDecay * theta[j];
                if (Momentum > 0)
                {
                    buffer[j] = StepCount == 0 ? g : Momentum * buffer[j] + (1 - Dampening) * g;
                    g = Nesterov ? g + Momentum * buffer[j] : buffer[j];
                }
                theta[j] -= LearningRate * g;
            }
        }
        StepCount++;
    }

    public override IEnumerable<(string Name, Tensor Value)> StateTensors() =>
        _momentumBuffers.Select((b, i) => ($"momentum_buffer.{Parameters[i].Name}", b));
}
