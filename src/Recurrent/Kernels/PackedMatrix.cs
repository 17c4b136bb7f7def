using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Kernels;

/// <summary>
/// A right-hand GEMM operand op(B) (K×N) packed once into the micro-kernel's panel layout, for a matrix that is
/// multiplied many times (a recurrent weight, once per time step). Layout: for each block of <see cref="Gemm.KC"/>
/// rows of K, the N columns in panels of NR (16 for the 256-bit micro-kernel, 32 for the 512-bit one, as
/// <see cref="VectorWidth"/> was when it was packed), each panel kc×NR contiguous, zero padded.
/// </summary>
public sealed unsafe class PackedMatrix
{
    private float[] _buffer = [];
    private int _alignedOffset;

    public int K { get; private set; }
    public int N { get; private set; }

    /// <summary>NR, the columns of a panel: 16 or 32.</summary>
    internal int PanelWidth { get; private set; }

    /// <summary>N rounded up to whole panels.</summary>
    internal int PaddedN { get; private set; }

    internal float* Pointer => (float*)Unsafe.AsPointer(ref _buffer[_alignedOffset]);

    internal void Resize(int k, int n, int panelWidth)
    {
        K = k; N = n; PanelWidth = panelWidth;
        PaddedN = (n + panelWidth - 1) / panelWidth * panelWidth;
        int needed = Math.Max(1, k * PaddedN) + 16;
        if (_buffer.Length < needed)
        {
            _buffer = GC.AllocateUninitializedArray<float>(needed, pinned: true);
            _alignedOffset = AlignedOffset(_buffer);
        }
    }

    internal static int AlignedOffset(float[] pinned)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((64 - (address & 63)) & 63) / sizeof(float);
    }
}
