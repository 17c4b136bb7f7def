using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Tensors;

namespace Recurrent.Tests.Layers;

/// <summary>
/// Sequences of a batch never interact, which is what lets the layers run blocks of rows on different cores:
/// each sequence's output and final state are bit for bit those it gets alone, at any thread count.
/// </summary>
public sealed class BatchRowsTests
{
    [Theory]
    [InlineData(RecurrentMode.Lstm)]
    [InlineData(RecurrentMode.Gru)]
    [InlineData(RecurrentMode.RnnTanh)]
    public void Each_sequence_of_a_large_batch_gets_exactly_its_result_alone(RecurrentMode mode)
    {
        const int T = 6, B = 37, I = 5, H = 9;
        var rng = new Rng(21);
        var layer = Make(mode);
        var x = TestData.Gaussian(rng, T, B, I);
        int[] lengths = [.. Enumerable.Range(0, B).Select(b => 1 + b % T)];
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 2;
            var batch = layer.Forward(x, lengths: lengths);
            for (int b = 0; b < B; b++)
            {
                var xb = Tensor.Zeros(T, 1, I);
                for (int t = 0; t < T; t++) x.Span.Slice((t * B + b) * I, I).CopyTo(xb.Span.Slice(t * I, I));
                var alone = layer.Forward(xb, lengths: [lengths[b]]);
                for (int t = 0; t < T; t++)
                    Assert.Equal(alone.Output.Span.Slice(t * 2 * H, 2 * H).ToArray(), batch.Output.Span.Slice((t * B + b) * 2 * H, 2 * H).ToArray());
                for (int s = 0; s < 4; s++)
                    Assert.Equal(alone.HiddenState.Span.Slice(s * H, H).ToArray(), batch.HiddenState.Span.Slice((s * B + b) * H, H).ToArray());
            }
        }
        finally { KernelThreads.Count = saved; }
    }

    private static RecurrentLayer Make(RecurrentMode mode) => RecurrentLayer.Create(mode, 5, 9, 2, bidirectional: true, rng: new Rng(3));
}
