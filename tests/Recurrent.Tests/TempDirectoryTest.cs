namespace Recurrent.Tests;

/// <summary>A test class that works in its own temporary folder, removed afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    protected string TempDirectory { get; } = Directory.CreateTempSubdirectory("recurrent-test-").FullName;

    protected string PathOf(string name) => Path.Combine(TempDirectory, name);

    public void Dispose()
    {
        Directory.Delete(TempDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
