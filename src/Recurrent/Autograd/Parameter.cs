using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>A named learnable tensor and its gradient (same shape). Gradients accumulate; whoever owns them zeroes them.</summary>
public sealed class Parameter(string name, Tensor value, Tensor grad)
{
    /// <summary>The state-dict key, exactly as PyTorch names it (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>...).</summary>
    public string Name { get; } = name;
    public Tensor Value { get; } = value;
    public Tensor Grad { get; } = grad;

    private Variable? _variable;

    /// <summary>This parameter in an autograd graph: its gradient accumulates into <see cref="Grad"/>.</summary>
    public Variable AsVariable() => _variable ??= Variable.ForParameter(this);

    /// <summary>Zeroes the gradients of <paramref name="parameters"/> (a module's, an optimizer's): the one place it is done.</summary>
    public static void ZeroGrad(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters) p.Grad.Span.Clear();
    }

    /// <summary>The same tensors under a qualified name (<c>rnn.weight_ih_l0</c>), for modules made of modules.</summary>
    public Parameter WithPrefix(string prefix) => new($"{prefix}.{Name}", Value, Grad);

    /// <summary>
    /// Creates parameters whose values live in one contiguous buffer and whose gradients mirror it, so zeroing,
    /// clipping and optimizer updates are flat loops over one span.
    /// </summary>
    public static Parameter[] Allocate(IReadOnlyList<(string Name, int[] Shape)> specs)
    {
        long requested = specs.Sum(s => (long)ShapeOps.Count(s.Shape));
        CheckBudget(requested);
        if (t_budget is { } left) t_budget = left - requested;
        if (requested > int.MaxValue) throw new ArgumentException($"{requested:N0} parameters in one module: more than one array holds.");
        int total = (int)requested;
        var values = new float[total];
        var grads = new float[total];
        var result = new Parameter[specs.Count];
        int offset = 0;
        for (int i = 0; i < specs.Count; i++)
        {
            var (name, shape) = specs[i];
            result[i] = new Parameter(name, new Tensor(values, offset, shape), new Tensor(grads, offset, shape));
            offset += ShapeOps.Count(shape);
        }
        return result;
    }

    [ThreadStatic] private static long? t_budget;

    /// <summary>
    /// Throws unless <paramref name="elements"/> more parameters fit this thread's <see cref="Budget"/> (if one is set):
    /// modules that compute their size before building their list of tensors call it first.
    /// </summary>
    internal static void CheckBudget(double elements)
    {
        // A model built for a file: its configuration may not ask for more than the file holds (checked before allocating).
        if (t_budget is { } left && elements > left)
            throw new InvalidDataException($"its model configuration asks for more parameters than the file holds ({elements:N0} more, {left:N0} left).");
        // (a double: sizes computed from a file's numbers may not fit a long)
    }

    /// <summary>
    /// While the returned scope lasts, this thread's <see cref="Allocate"/> calls may create at most
    /// <paramref name="elements"/> parameters in all (else an <see cref="InvalidDataException"/>): a model built from a
    /// file's configuration cannot make the process reserve more than the file's own tensors.
    /// </summary>
    internal static IDisposable Budget(long elements)
    {
        var previous = t_budget;
        t_budget = elements;
        return new BudgetScope(previous);
    }

    private sealed class BudgetScope(long? previous) : IDisposable
    {
        public void Dispose() => t_budget = previous;
    }
}
