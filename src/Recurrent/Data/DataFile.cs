using Recurrent.Text;

namespace Recurrent.Data;

/// <summary>
/// What every reader in Data/ shares: the lines of a strict UTF-8 file (<see cref="TextFile.Read"/>), and errors
/// that name the place as compilers do, <c>path:line: message</c> or <c>path:line:column: message</c> (1-based).
/// </summary>
internal static class DataFile
{
    /// <summary>The lines, without their '\n' or "\r\n"; a final line break does not start an empty last line.</summary>
    public static string[] Lines(string path)
    {
        var lines = TextFile.Read(path).Split('\n');
        if (lines[^1].Length == 0) lines = lines[..^1];
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].EndsWith('\r')) lines[i] = lines[i][..^1];
        return lines;
    }

    public static InvalidDataException Error(string path, int line, string message) => new($"{path}:{line}: {message}");

    public static InvalidDataException Error(string path, int line, int column, string message) => new($"{path}:{line}:{column}: {message}");
}
