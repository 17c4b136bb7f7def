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
}
