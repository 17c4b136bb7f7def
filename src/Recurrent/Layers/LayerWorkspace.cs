using Recurrent.Tensors;
namespace Recurrent.Layers;

/// <summary>
/// Buffers of a layer stack for one (T, B): the time-major input, each layer's output, dropout masks, the
/// step-validity mask, and two ping-pong buffers for backward. Grown, never shrunk.
/// </summary>
internal sealed class LayerWorkspace
{
    public int Steps, Batch;
    public bool UseDropout, HasForward;
    public float[] Input = [];              // (T, B, I)
    public int[] Tokens = [];               // (T, B) token ids, with Table, instead of Input
    public float[] Table = [];              // (V, I) copy of the embedding table of a token forward
    public int TableRows;                   // V, or 0 after a dense forward
    public float[][] Outputs = [];          // [layer] (T, B, D·H)
    public float[][] DropoutMasks = [];     // [layer] (T, B, D·H), scale or 0
    public float[][] Dropped = [];          // [layer] (T, B, D·H), output ⊙ mask
    public float[] GradA = [], GradB = [];  // (T, B, max(I, D·H))
    public byte[] ActiveBuffer = [];        // (T, B)
    public ReadOnlySpan<byte> Active => HasLengths ? ActiveBuffer.AsSpan(0, Steps * Batch) : default;
    private bool HasLengths;

    public void Prepare(int steps, int batch, int inputSize, int layers, int outputWidth, bool useDropout)
    {
        (Steps, Batch, UseDropout, HasForward) = (steps, batch, useDropout, false);
        int rows = steps * batch;
        Buffers.Grow(ref Input, rows * inputSize);
        GrowAll(ref Outputs, layers, rows * outputWidth);
        if (useDropout)
        {
            GrowAll(ref DropoutMasks, layers, rows * outputWidth);
            GrowAll(ref Dropped, layers, rows * outputWidth);
        }
        Buffers.Grow(ref GradA, rows * Math.Max(inputSize, outputWidth));
        Buffers.Grow(ref GradB, rows * Math.Max(inputSize, outputWidth));
    }

    /// <summary>Validates lengths and sets active[t, b] = t &lt; lengths[b].</summary>
    public void SetLengths(IReadOnlyList<int>? lengths, int steps, int batch)
    {
        HasLengths = lengths is not null;
        if (lengths is null) return;
        if (lengths.Count != batch)
            throw new ArgumentException($"Expected {batch} lengths (one per sequence in the batch), got {lengths.Count}.");
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException($"Length {lengths[b]} of sequence {b} is out of range: lengths must be in [1, {steps}] (T = {steps}).");
        Buffers.Grow(ref ActiveBuffer, steps * batch);
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                ActiveBuffer[t * batch + b] = (byte)(t < lengths[b] ? 1 : 0);
    }

    private static void GrowAll(ref float[][] buffers, int count, int length)
    {
        if (buffers.Length < count) Array.Resize(ref buffers, count);
        for (int i = 0; i < count; i++)
        {
            buffers[i] ??= [];
            Buffers.Grow(ref buffers[i], length);
        }
    }
}
