using Recurrent.Tensors;

namespace Recurrent.Autograd;

/// <summary>Elementwise ops on same-shaped variables, forward and backward side by side (<see cref="Add"/> broadcasts).</summary>
public static partial class Ops
{
    /// <summary>y = a ⊙ b  ⇒  da += dy ⊙ b, db += dy ⊙ a.</summary>
    public static Variable Multiply(Variable a, Variable b)
    {
        CheckSameShape(a, b, nameof(Multiply));
        var y = Like(a);
        TensorPrimitives.Multiply(a.Value.Span, b.Value.Span, y.Span);
        return Variable.Result(y, [a, b], r =>
        {
            if (a.RequiresGrad) TensorPrimitives.MultiplyAdd(r.Grad!.Span, b.Value.Span, a.GradBuffer.Span, a.GradBuffer.Span);
            if (b.RequiresGrad) TensorPrimitives.MultiplyAdd(r.Grad!.Span, a.Value.Span, b.GradBuffer.Span, b.GradBuffer.Span);
        });
    }

    /// <summary>y = s·a  ⇒  da += s·dy.</summary>
    public static Variable Scale(Variable a, float s)
    {
        var y = Like(a);
        TensorPrimitives.Multiply(a.Value.Span, s, y.Span);
        return Variable.Result(y, [a], r => TensorPrimitives.MultiplyAdd(r.Grad!.Span, s, a.GradBuffer.Span, a.GradBuffer.Span));
    }

    /// <summary>y = tanh(a)  ⇒  da += dy ⊙ (1 − y²).</summary>
    public static Variable Tanh(Variable a)
    {
        var y = Like(a);
        TensorPrimitives.Tanh(a.Value.Span, y.Span);
        return Variable.Result(y, [a], r =>
        {
            var g = a.GradBuffer.Span; var dy = r.Grad!.Span; var v = y.Span;
            for (int i = 0; i < g.Length; i++) g[i] += dy[i] * (1 - v[i] * v[i]);
        });
    }

    /// <summary>y = σ(a)  ⇒  da += dy ⊙ y(1 − y).</summary>
    public static Variable Sigmoid(Variable a)
    {
        var y = Like(a);
        TensorPrimitives.Sigmoid(a.Value.Span, y.Span);
        return Variable.Result(y, [a], r =>
        {
            var g = a.GradBuffer.Span; var dy = r.Grad!.Span; var v = y.Span;
            for (int i = 0; i < g.Length; i++) g[i] += dy[i] * v[i] * (1 - v[i]);
        });
    }

    /// <summary>y = max(a, 0)  ⇒  da += dy ⊙ [y &gt; 0].</summary>
    public static Variable Relu(Variable a)
    {
        var y = Like(a);
        TensorPrimitives.Max(a.Value.Span, 0f, y.Span);
        return Variable.Result(y, [a], r =>
        {
            var g = a.GradBuffer.Span; var dy = r.Grad!.Span; var v = y.Span;
            for (int i = 0; i < g.Length; i++) if (v[i] > 0) g[i] += dy[i];
        });
    }

    /// <summary>The same values with another shape (a view; the gradient is reshaped back).</summary>
    public static Variable Reshape(Variable a, params int[] shape)
    {
        var y = a.Value.Reshape(shape);
        return Variable.Result(y, [a], r => TensorPrimitives.Add(a.GradBuffer.Span, r.Grad!.Span, a.GradBuffer.Span));
    }

    /// <summary>y = Σ a (a scalar)  ⇒  da += dy.</summary>
    public static Variable Sum(Variable a)
    {
        var y = Tensor.FromArray([TensorPrimitives.Sum(a.Value.Span)], 1);
        return Variable.Result(y, [a], r => TensorPrimitives.Add(a.GradBuffer.Span, r.Grad!.Span[0], a.GradBuffer.Span));
    }

    /// <summary>y = mean(a)  ⇒  da += dy / n.</summary>
    public static Variable Mean(Variable a) => Scale(Sum(a), 1f / a.Value.Length);

    internal static Tensor Like(Variable v) => Tensor.Zeros(v.Value.Shape.ToArray());

    internal static void CheckSameShape(Variable a, Variable b, string op)
    {
        if (!a.Value.HasShape(b.Value.Shape.ToArray()))
            throw new ArgumentException($"{op}: shapes {a.Value.ShapeString} and {b.Value.ShapeString} differ.");
    }
}
