using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>
/// A tensor in a computation graph (reverse-mode autograd, as micrograd and PyTorch). An op's result remembers its
/// parents and how to push its gradient into them; <see cref="Backward"/> visits the graph in reverse topological
/// order. Gradients accumulate (+=); a parameter's variable accumulates straight into <see cref="Parameter.Grad"/>.
/// </summary>
public sealed class Variable
{
    private readonly Variable[] _parents;
    private readonly Action<Variable>? _backward;
    private Tensor? _grad;

    /// <summary>A leaf: a constant, or (with <paramref name="requiresGrad"/>) an input whose gradient you want.</summary>
    public Variable(Tensor value, bool requiresGrad = false)
    {
        Value = value;
        RequiresGrad = requiresGrad;
        _parents = [];
    }

    private Variable(Tensor value, Tensor? grad, Variable[] parents, Action<Variable>? backward)
    {
        Value = value;
        _grad = grad;
        RequiresGrad = true;
        _parents = parents;
        _backward = backward;
    }

    public Tensor Value { get; }
    public bool RequiresGrad { get; }

    /// <summary>dL/dValue after <see cref="Backward"/>; null if no gradient reached this variable.</summary>
    public Tensor? Grad => _grad;

    public ReadOnlySpan<int> Shape => Value.Shape;

    /// <summary>A variable whose gradient is the parameter's own gradient buffer.</summary>
    public static Variable ForParameter(Parameter parameter) => new(parameter.Value, parameter.Grad, [], null);

    /// <summary>
    /// The result of an op: records the parents and the backward function unless no parent needs a gradient,
    /// in which case the result is a constant and nothing is recorded (inference builds no graph).
    /// </summary>
    public static Variable Result(Tensor value, Variable[] parents, Action<Variable> backward)
    {
        if (_noGradDepth > 0) return new Variable(value);
        foreach (var p in parents)
            if (p.RequiresGrad) return new Variable(value, null, parents, backward);
        return new Variable(value);
    }

    [ThreadStatic] private static int _noGradDepth;

    /// <summary>
    /// Within the returned scope (on this thread) ops record nothing, as PyTorch's <c>torch.no_grad()</c>:
    /// <c>using (Variable.NoGrad()) { ... }</c> for evaluation and generation.
    /// </summary>
    public static IDisposable NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope();
    }

    private sealed class NoGradScope : IDisposable
    {
        private bool _disposed;
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _noGradDepth--;
        }
    }

    /// <summary>The same values, cut from the graph (truncated BPTT carries state this way).</summary>
    public Variable Detach() => new(Value);

    /// <summary>The gradient buffer, created as zeros on first use.</summary>
    internal Tensor GradBuffer => _grad ??= Tensor.Zeros(Value.Shape.ToArray());

    /// <summary>Makes sure this variable's backward runs even if only a sibling output received a gradient.</summary>
    internal void EnsureGrad() => _ = GradBuffer;

    /// <summary>Backpropagates from this scalar (dL/dL = 1) through everything it was computed from.</summary>
    public void Backward()
    {
        if (Value.Length != 1) throw new InvalidOperationException($"Backward() starts from a scalar; this variable has shape {Value.ShapeString}.");
        if (!RequiresGrad) throw new InvalidOperationException("Backward() on a variable that does not depend on anything requiring a gradient.");
        GradBuffer.Span[0] += 1f;
        var order = TopologicalOrder();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var v = order[i];
            if (v._backward is not null && v._grad is not null) v._backward(v);
        }
    }

    // Iterative depth-first post-order: a long unrolled graph must not overflow the stack.
    private List<Variable> TopologicalOrder()
    {
        var order = new List<Variable>();
        var visited = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Variable Node, int Next)>();
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node._parents.Length)
            {
                stack.Push((node, next + 1));
                var parent = node._parents[next];
                if (parent.RequiresGrad && visited.Add(parent)) stack.Push((parent, 0));
            }
            else order.Add(node);
        }
        return order;
    }

    public override string ToString() => $"Variable{Value.ShapeString}{(RequiresGrad ? " requires grad" : "")}";
}
