using Recurrent.Tensors;

namespace Recurrent.Onnx.Tests;

/// <summary>Seeded inputs for the export tests: token ids, values in [−1, 1), lengths in [1, T] with one of each batch at T.</summary>
internal static class TestInputs
{
    public static int[] Ids(int count, int vocabulary, int seed)
    {
        var rng = new Rng((ulong)seed + 1);
        return [.. Enumerable.Range(0, count).Select(_ => (int)(rng.NextUInt() % (uint)vocabulary))];
    }

    public static float[] Values(int count, int seed)
    {
        var rng = new Rng((ulong)seed + 1000);
        return [.. Enumerable.Range(0, count).Select(_ => 2 * rng.NextFloat() - 1)];
    }

    public static int[] Lengths(int batch, int steps, int seed) =>
        [.. Enumerable.Range(0, batch).Select(b => b == batch / 2 ? steps : 1 + (b * 7 + seed) % steps)];

    public static long[] Long(int[] ids) => [.. ids.Select(i => (long)i)];

    public static readonly int[] Batches = [1, 3, 8];
}
