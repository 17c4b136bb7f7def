using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>The persistent PyTorch process (benchmarks/pytorch/worker.py), one JSON line per command.</summary>
internal sealed class PyTorchWorker : IDisposable
{
    private readonly Process _process;

    private PyTorchWorker(Process process) => _process = process;

    /// <summary>Starts the worker with Debian's python3, or returns null (and why) when PyTorch is not installed.</summary>
    public static (PyTorchWorker? Worker, string Status) TryStart(string script)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) return (null, "not installed (no /usr/bin/python3)");
        if (!File.Exists(script)) return (null, $"worker script {script} not found");
        var start = new ProcessStartInfo(python, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start)!;
        var worker = new PyTorchWorker(process);
        try
        {
            var info = worker.Ask(new JsonObject { ["op"] = "info" });
            if (info["error"] is { } e) { worker.Dispose(); return (null, $"unavailable ({e})"); }
            return (worker, $"PyTorch {info["torch"]} with {info["blas"]}");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or JsonException)
        {
            string err = process.HasExited ? process.StandardError.ReadToEnd().Split('\n').LastOrDefault(l => l.Length > 0) ?? "" : "";
            worker.Dispose();
            return (null, $"not installed ({err.Trim()})");
        }
    }

    public JsonNode Ask(JsonObject command)
    {
        _process.StandardInput.WriteLine(command.ToJsonString());
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine() ?? throw new IOException("PyTorch worker exited.");
        return JsonNode.Parse(line) ?? throw new IOException("Empty reply from the PyTorch worker.");
    }

    public double[] Run(string workload, int threads, int reps, int calls = 1)
    {
        var reply = Ask(new JsonObject { ["op"] = "run", ["workload"] = workload, ["threads"] = threads, ["reps"] = reps, ["calls"] = calls });
        if (reply["error"] is { } e) throw new InvalidOperationException($"PyTorch {workload}: {e}");
        return reply["ms"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
    }

    public double PeakMemory(string workload, int threads, int reps)
    {
        var reply = Ask(new JsonObject { ["op"] = "peak_memory", ["workload"] = workload, ["threads"] = threads, ["reps"] = reps });
        if (reply["error"] is { } e) throw new InvalidOperationException($"PyTorch {workload}: {e}");
        return reply["peak_rss_mb"]!.GetValue<double>();
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); if (!_process.WaitForExit(5000)) _process.Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
