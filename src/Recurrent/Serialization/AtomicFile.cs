namespace Recurrent.Serialization;

/// <summary>
/// Writes a file so that a reader, or a crash, never sees half of it: into a temporary file beside it, flushed to
/// disk, then renamed over the target (a rename within one folder is atomic). The previous file stays intact until
/// the new one is complete.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = full + $".tmp{Environment.ProcessId}";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    public static void Write(string path, byte[] bytes) => Write(path, file => file.Write(bytes));
}
