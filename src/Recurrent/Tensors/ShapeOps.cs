namespace Recurrent.Tensors;

/// <summary>Shape arithmetic and the one way shapes are printed: "(2, 3, 20)", as PyTorch prints them.</summary>
public static class ShapeOps
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape {Format(shape)}.");
            n *= d;
        }
        if (n > int.MaxValue) throw new ArgumentException($"Shape {Format(shape)} has more than {int.MaxValue} elements.");
        return (int)n;
    }

    public static string Format(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        _ => "(" + string.Join(", ", shape.ToArray()) + ")",
    };

    /// <summary>
    /// The one shape check of public boundaries: nothing to check when <paramref name="tensor"/> is null, else
    /// "Expected {what} of shape (2, 3, 20), got (2, 4, 20)." unless it has <paramref name="expected"/>.
    /// </summary>
    public static void Require(Tensor? tensor, string what, params int[] expected)
    {
        if (tensor is not null && !tensor.HasShape(expected))
            throw new ArgumentException($"Expected {what} of shape {Format(expected)}, got {tensor.ShapeString}.");
    }
}
