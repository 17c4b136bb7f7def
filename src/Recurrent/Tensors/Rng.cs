using System.Numerics;

namespace Recurrent.Tensors;

/// <summary>
/// A small, fast, seedable random generator (xoshiro128**) whose whole state is four integers, so a training
/// run can save it in a checkpoint and resume exactly.
/// </summary>
public sealed class Rng
{
    private uint _s0, _s1, _s2, _s3;

    public Rng(ulong seed) => Reseed(seed);

    /// <summary>The generator layers use when none is given (like PyTorch's global generator).</summary>
    public static Rng Default { get; } = new(0x5eed);

    public void Reseed(ulong seed)
    {
        // splitmix64 spreads any seed (0 included) over the 128-bit state.
        ulong z = seed;
        ulong Next() { z += 0x9E3779B97F4A7C15; ulong x = z; x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9; x = (x ^ (x >> 27)) * 0x94D049BB133111EB; return x ^ (x >> 31); }
        ulong a = Next(), b = Next();
        (_s0, _s1, _s2, _s3) = ((uint)a, (uint)(a >> 32), (uint)b, (uint)(b >> 32));
    }

    /// <summary>The full state, for checkpoints.</summary>
    public uint[] GetState() => [_s0, _s1, _s2, _s3];

    public void SetState(ReadOnlySpan<uint> state)
    {
        if (state.Length != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new ArgumentException("An Rng state is four integers, not all zero.");
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    public uint NextUInt()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, 1), 24 random bits.</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1.0f / (1 << 24));

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (((ulong)NextUInt() << 21) ^ NextUInt()) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(((ulong)NextUInt() * (ulong)n) >> 32);

    /// <summary>Standard normal (Box–Muller).</summary>
    public float NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public void FillUniform(Span<float> values, float low, float high)
    {
        for (int i = 0; i < values.Length; i++) values[i] = low + (high - low) * NextFloat();
    }

    public void FillGaussian(Span<float> values, float std = 1f)
    {
        for (int i = 0; i < values.Length; i++) values[i] = std * NextGaussian();
    }
}
