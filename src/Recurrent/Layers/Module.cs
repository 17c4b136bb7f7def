using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Layers;

/// <summary>Something with named parameters: listing, zeroing gradients, state dicts and safetensors files.</summary>
public abstract class Module
{
    /// <summary>In PyTorch's state-dict order.</summary>
    public abstract IReadOnlyList<Parameter> Parameters { get; }

    private bool _training = true;

    /// <summary>Training mode (dropout active), as PyTorch's <c>module.train()</c>; on by default; set for all children too.</summary>
    public bool Training
    {
        get => _training;
        set
        {
            _training = value;
            foreach (var child in Children) child.Training = value;
        }
    }

    /// <summary>
    /// Evaluation mode for a block: <c>using (model.Inference()) { ... }</c> turns training mode off (no dropout) and
    /// builds no graph (<see cref="Variable.NoGrad"/>); leaving the block restores the mode it found.
    /// The block also holds this module's lock (re-entrant, released by the thread that took it): the task APIs
    /// (classifier, tagger, translator, samplers, forecaster, perplexity) run their passes inside one, so several
    /// threads may use one model at once and each gets exactly what it gets alone; they take turns, since a model's
    /// buffers are its own. docs/reliability.md says what is thread-safe.
    /// </summary>
    public IDisposable Inference() => new InferenceScope(this);

    private readonly object _inferenceLock = new();

    private sealed class InferenceScope : IDisposable
    {
        private readonly Module _module;
        private readonly bool _wasTraining;
        private readonly IDisposable _noGrad;
        private bool _disposed;

        public InferenceScope(Module module)
        {
            Monitor.Enter(module._inferenceLock);
            (_module, _wasTraining) = (module, module.Training);
            module.Training = false;
            _noGrad = Variable.NoGrad();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _noGrad.Dispose();
            _module.Training = _wasTraining;
            Monitor.Exit(_module._inferenceLock);
        }
    }

    /// <summary>The modules this one is made of.</summary>
    protected virtual IEnumerable<Module> Children => [];

    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    public void ZeroGrad() => Parameter.ZeroGrad(Parameters);

    /// <summary>Name → value (views, not copies).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => Parameters.ToDictionary(p => p.Name, p => p.Value);

    /// <summary>
    /// Copies values from <paramref name="state"/> by name. Every parameter must be present with its exact shape;
    /// with <paramref name="strict"/>, extra keys are an error too (as PyTorch's <c>load_state_dict</c>).
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true, string source = "state dict")
    {
        var missing = Parameters.Where(p => !state.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{source}: missing parameter(s) {string.Join(", ", missing)}.");
        foreach (var p in Parameters)
        {
            var t = state[p.Name];
            if (!t.HasShape(p.Value.Shape.ToArray()))
                throw new InvalidDataException($"{source}: parameter {p.Name} has shape {t.ShapeString}, expected {p.Value.ShapeString}.");
        }
        if (strict)
        {
            var names = Parameters.Select(p => p.Name).ToHashSet();
            var unexpected = state.Keys.Where(k => !names.Contains(k)).ToList();
            if (unexpected.Count > 0)
                throw new InvalidDataException($"{source}: unexpected key(s) {string.Join(", ", unexpected)}.");
        }
        foreach (var p in Parameters) state[p.Name].Span.CopyTo(p.Value.Span);
    }
}
