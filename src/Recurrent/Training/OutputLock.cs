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

    /// <summary>
    /// Deletes the temporary files (<c>NAME.tmpPID</c>) of writes a killed run did not finish: the files they were
    /// replacing are intact (<see cref="Serialization.AtomicFile"/>), and holding the lock, no other run is writing.
    /// </summary>
    public void RemoveUnfinishedWrites()
    {
        string folder = Path.GetDirectoryName(_owner)!;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp*"))
        {
            string suffix = file[(file.LastIndexOf(".tmp", StringComparison.Ordinal) + 4)..];
            if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit) && suffix != Environment.ProcessId.ToString())
                try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public void Dispose()
    {
        try { File.Delete(_owner); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _lock.Dispose();
    }
}
