namespace Recurrent.Cli.Fuzzing;

/// <summary>
/// One reader under fuzzing: its well-formed seed files, the call that reads a file the way a command does (and
/// must either succeed or throw <see cref="InvalidDataException"/> naming the problem), and mutations that know its
/// format (beside the byte-level ones every target gets).
/// </summary>
internal sealed record FuzzTarget(string Name, string Extension, IReadOnlyList<byte[]> Seeds, Action<string> Read,
    Func<byte[], Tensors.Rng, byte[]>? Structured = null);
