using System.Diagnostics;
using System.Globalization;
using Recurrent.Training;

namespace Recurrent.Cli.Serving;

/// <summary>
/// The training runs under a folder, for the runs page: the folder itself, its subfolders and theirs (two levels, as
/// <c>runs/forecast</c> or <c>runs/2026-12-02/lm</c>), each holding a <c>progress.json</c> or a checkpoint. A run is
/// named by its path relative to the folder. A run whose file says "running" but whose process has ended (the lock's
/// owner is gone, or its process id is not alive: killed) is reported as "ended" with the step it reached.
/// </summary>
internal sealed class RunFolders(string root)
{
    public const int MaxRuns = 100;

    public string Root { get; } = Path.GetFullPath(root);

    public sealed record Run(string Name, string Status, RunProgress? Progress, string? Error);

    public IReadOnlyList<Run> Scan()
    {
        if (!Directory.Exists(Root)) return [];
        var folders = new[] { Root }
            .Concat(Subfolders(Root)).Concat(Subfolders(Root).SelectMany(Subfolders))
            .Where(f => File.Exists(Path.Combine(f, RunProgress.FileName)) || File.Exists(Path.Combine(f, "checkpoint.safetensors")))
            .Take(MaxRuns);
        return [.. folders.Select(Read)];
    }

    private static IEnumerable<string> Subfolders(string folder)
    {
        try { return Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private Run Read(string folder)
    {
        string name = Path.GetRelativePath(Root, folder) is "." ? Path.GetFileName(Root) : Path.GetRelativePath(Root, folder);
        try
        {
            var progress = RunProgress.Read(folder);
            if (progress is null) return new Run(name, "no progress file", null, "trained before progress files were written; its loss.png is in the folder");
            string status = progress.Status == "running" && !Alive(folder) ? "ended" : progress.Status;
            return new Run(name, status, progress, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new Run(name, "unreadable", null, e.Message);
        }
    }

    /// <summary>Whether the run holding the folder's lock is alive: its owner file names a process id that exists.</summary>
    private static bool Alive(string folder)
    {
        string owner = Path.Combine(folder, ".lock.owner");
        if (!File.Exists(owner)) return false;
        string text = File.ReadAllText(owner);
        var id = text.StartsWith("process ", StringComparison.Ordinal) ? text[8..].Split(':')[0] : "";
        if (!int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)) return false;
        try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
