namespace Recurrent.Training;

/// <summary>
/// One training run per output folder. <see cref="Acquire"/> takes an exclusive lock on <c>FOLDER/.lock</c> (an
/// advisory file lock, which the system releases when the process ends, even by SIGKILL: a crashed run never leaves a
/// stale lock) and writes who holds it to <c>FOLDER/.lock.owner</c>. A second run on the folder is refused at once with
/// the first run's process id and command.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _owner;

    private OutputLock(FileStream stream, string owner) => (_lock, _owner) = (stream, owner);

    public static OutputLock Acquire(string folder, string description)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, ".lock"), owner = path + ".owner";
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) when (File.Exists(path))
        {
            string who = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process";
            throw new InvalidOperationException($"{folder} is in use by another training run ({who}); wait for it to end or choose another --out.");
        }
        File.WriteAllText(owner, $"process {Environment.ProcessId}: {description}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        return new OutputLock(stream, owner);
    }

    public void Dispose()
    {
        try { File.Delete(_owner); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _lock.Dispose();
    }
}
