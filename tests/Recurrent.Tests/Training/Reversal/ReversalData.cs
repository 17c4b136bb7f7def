using Recurrent.Tensors;

namespace Recurrent.Tests.Training.Reversal;

/// <summary>
/// The test task's data reader: sequences of random tokens and their reversal, time-major (T, B). Training batches are
/// drawn from the trainer's generator (so its saved state is the data cursor); the held-out set from a seed of its own.
/// </summary>
internal static class ReversalData
{
    public static (int[] Inputs, int[] Targets) Batch(int length, int vocabulary, int batch, Rng rng)
    {
        var x = new int[length * batch];
        var y = new int[length * batch];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < length; t++) x[t * batch + b] = rng.NextInt(vocabulary);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < length; t++) y[t * batch + b] = x[(length - 1 - t) * batch + b];
        return (x, y);
    }

    public static (int[] Inputs, int[] Targets) HeldOut(ReversalConfig config) =>
        Batch(config.Length, config.Vocabulary, config.HeldOut, new Rng(config.DataSeed));
}
