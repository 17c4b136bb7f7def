using Recurrent.Autograd;

namespace Recurrent.Optim;

/// <summary>Adam with decoupled weight decay (torch.optim.AdamW; its default λ = 0.01).</summary>
public sealed class AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float eps = 1e-8f, float weightDecay = 1e-2f) : Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true);
