namespace Recurrent.Tensors;

/// <summary>Workspace arrays that grow to the largest size seen and are then reused (never shrunk).</summary>
internal static class Buffers
{
    public static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
    }
}
