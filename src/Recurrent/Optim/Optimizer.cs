using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Optim;

/// <summary>
/// Updates parameters from their gradients. State (moments, momentum buffers, the step count) can be listed and
/// restored by name, so a checkpoint resumes a run exactly.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Learning rate must be ≥ 0.");
        var duplicate = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Parameter name '{duplicate.Key}' appears twice.");
        Parameters = parameters;
        LearningRate = learningRate;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The rate the next <see cref="Step"/> uses (a schedule sets it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>Updates applied so far.</summary>
    public long StepCount { get; protected set; }

    public abstract void Step();

    public void ZeroGrad() => Parameter.ZeroGrad(Parameters);

    /// <summary>Named state tensors, e.g. <c>exp_avg.rnn.weight_ih_l0</c>.</summary>
    public abstract IEnumerable<(string Name, Tensor Value)> StateTensors();

    /// <summary>Restores state saved by <see cref="StateTensors"/> (shapes and names must match) and the step count.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, long stepCount, string source)
    {
        foreach (var (name, value) in StateTensors())
        {
            if (!tensors.TryGetValue(name, out var saved))
                throw new InvalidDataException($"{source}: optimizer state '{name}' is missing.");
            if (!saved.HasShape(value.Shape.ToArray()))
                throw new InvalidDataException($"{source}: optimizer state '{name}' has shape {saved.ShapeString}, expected {value.ShapeString}.");
            saved.Span.CopyTo(value.Span);
        }
        StepCount = stepCount;
    }

    protected Tensor[] ZerosLike() => Parameters.Select(p => Tensor.Zeros(p.Value.Shape.ToArray())).ToArray();
}
