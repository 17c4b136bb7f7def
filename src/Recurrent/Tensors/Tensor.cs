using System.Text;

namespace Recurrent.Tensors;

/// <summary>
/// A dense float32 tensor: a shape and a row-major (C order, last index fastest) window onto a float array.
/// Several tensors may view one array (a model's parameters live in one contiguous buffer).
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="storage"/>[offset .. offset + product(shape)) without copying.</summary>
    public Tensor(float[] storage, int offset, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _shape = (int[])shape.Clone();
        Length = ShapeOps.Count(_shape);
        if (offset < 0 || offset + Length > storage.Length)
            throw new ArgumentException($"A tensor of shape {ShapeOps.Format(_shape)} at offset {offset} does not fit in storage of {storage.Length} floats.");
        Storage = storage;
        Offset = offset;
    }

    /// <summary>The array this tensor is a window onto.</summary>
    public float[] Storage { get; }

    /// <summary>Index of element 0 in <see cref="Storage"/>.</summary>
    public int Offset { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    public ReadOnlySpan<int> Shape => _shape;
    public int Rank => _shape.Length;

    /// <summary>Size of dimension <paramref name="dim"/>; negative counts from the end, as in PyTorch.</summary>
    public int Size(int dim) => _shape[dim < 0 ? dim + _shape.Length : dim];

    public Span<float> Span => Storage.AsSpan(Offset, Length);

    /// <summary>The same window as <see cref="Span"/>, in a form that can be kept in a field (for worker threads).</summary>
    internal Memory<float> Memory => Storage.AsMemory(Offset, Length);

    public static Tensor Zeros(params int[] shape) => new(new float[ShapeOps.Count(shape)], 0, shape);

    /// <summary>Takes ownership of <paramref name="data"/> (no copy); its length must match the shape.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        if (data.Length != ShapeOps.Count(shape))
            throw new ArgumentException($"{data.Length} values cannot form a tensor of shape {ShapeOps.Format(shape)}.");
        return new Tensor(data, 0, shape);
    }

    public Tensor Clone() => new(Span.ToArray(), 0, _shape);

    /// <summary>A view with another shape over the same elements.</summary>
    public Tensor Reshape(params int[] shape)
    {
        if (ShapeOps.Count(shape) != Length)
            throw new ArgumentException($"Cannot reshape {ShapeString} ({Length} elements) to {ShapeOps.Format(shape)}.");
        return new Tensor(Storage, Offset, shape);
    }

    /// <summary>Element <paramref name="index"/> along dimension 0, as a view.</summary>
    public Tensor this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_shape[0]) throw new IndexOutOfRangeException($"Index {index} out of range for dimension 0 of size {_shape[0]}.");
            var inner = _shape[1..];
            return new Tensor(Storage, Offset + index * ShapeOps.Count(inner), inner);
        }
    }

    public bool HasShape(params int[] shape) => _shape.AsSpan().SequenceEqual(shape);

    public string ShapeString => ShapeOps.Format(_shape);

    public void Fill(float value) => Span.Fill(value);

    public void CopyFrom(Tensor source)
    {
        if (!source.HasShape(_shape))
            throw new ArgumentException($"Expected a tensor of shape {ShapeString}, got {source.ShapeString}.");
        source.Span.CopyTo(Span);
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"Tensor{ShapeString} [");
        var span = Span;
        for (int i = 0; i < Math.Min(span.Length, 8); i++) sb.Append(i == 0 ? "" : ", ").Append(span[i].ToString("G6"));
        if (span.Length > 8) sb.Append(", ...");
        return sb.Append(']').ToString();
    }
}
