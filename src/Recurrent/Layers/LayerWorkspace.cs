using Recurrent.Tensors;
namespace Recurrent.Layers;

/// <summary>
/// Buffers of a layer stack for one (T, B): the time-major input, the layers' outputs (the last layer writes into
/// the result tensor itself unless batch-first), dropout masks, the step-validity mask, and two ping-pong buffers
/// for backward, grown when backward first needs them. Grown, never shrunk.
/// </summary>
internal sealed class LayerWorkspace
{
    public int Steps, Batch;
    public bool UseDropout, HasForward;
    public float[] Input = [];              // (T, B, I)
    public int[] Tokens = [];               // (T, B) token ids, with Table, instead of Input
    public float[] Table = [];              // (V, I) copy of the embedding table of a token forward
    public int TableRows;                   // V, or 0 after a dense forward
    public float[][] Outputs = [];          // [layer] (T, B, D·H), for the layers whose output is stored here
    public float[][] DropoutMasks = [];     // [layer] (T, B, D·H), scale or 0
    public float[][] Dropped = [];          // [layer] (T, B, D·H), output ⊙ mask
    private float[] GradA = [], GradB = [];  // (T, B, ≤ max(I, D·H)), see Gradient
    public byte[] ActiveBuffer = [];        // (T, B)
    public ReadOnlyMemory<byte> Active => HasLengths ? ActiveBuffer.AsMemory(0, Steps * Batch) : default;
    private bool HasLengths;

    /// <summary>Sizes the forward buffers; <paramref name="storedOutputs"/>: how many layers write their output here.</summary>
    public void Prepare(int steps, int batch, int inputSize, int storedOutputs, int outputWidth, bool useDropout)
    {
        (Steps, Batch, UseDropout, HasForward) = (steps, batch, useDropout, false);
        int rows = steps * batch;
        Buffers.Grow(ref Input, rows * inputSize);
        GrowAll(ref Outputs, storedOutputs, rows * outputWidth);
        if (useDropout)
        {
            GrowAll(ref DropoutMasks, storedOutputs, rows * outputWidth);
            GrowAll(ref Dropped, storedOutputs, rows * outputWidth);
        }
    }

    /// <summary>Backward's ping-pong buffer 0 or 1, at least <paramref name="length"/> long.</summary>
    public Memory<float> Gradient(int which, int length)
    {
        ref var buffer = ref which == 0 ? ref GradA : ref GradB;
        Buffers.Grow(ref buffer, length);
        return buffer.AsMemory(0, length);
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
