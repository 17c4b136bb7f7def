using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>A lookup table, as <c>torch.nn.Embedding</c>: <c>weight</c> (V, E) initialised N(0, 1); row i is token i's vector.</summary>
public sealed class Embedding : Module
{
    private readonly Parameter[] _parameters;

    public Embedding(int numEmbeddings, int embeddingDim, Rng? rng = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(numEmbeddings), $"Embedding needs positive sizes, got {numEmbeddings} × {embeddingDim}.");
        (NumEmbeddings, EmbeddingDim) = (numEmbeddings, embeddingDim);
        _parameters = Parameter.Allocate([("weight", [numEmbeddings, embeddingDim])]);
        (rng ?? Rng.Default).FillGaussian(_parameters[0].Value.Span);
    }

    public int NumEmbeddings { get; }
    public int EmbeddingDim { get; }
    public override IReadOnlyList<Parameter> Parameters => _parameters;
    public Parameter Weight => _parameters[0];

    /// <summary>indices with shape <paramref name="shape"/> → (shape..., E).</summary>
    public Variable Forward(ReadOnlySpan<int> indices, params int[] shape) => Ops.Embedding(Weight.AsVariable(), indices, shape);
}
