namespace Recurrent.Tests;

/// <summary>A test class that works in its own temporary folder, removed afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    protected string TempDirectory { get; } = Directory.CreateTempSubdirectory("recurrent-test-").FullName;

    protected string PathOf(string name) => Path.Combine(TempDirectory, name);

    /// <summary>Writes <paramref name="text"/> (UTF-8) to a file of the folder and returns its path.</summary>
    protected string WriteFile(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(TempDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
