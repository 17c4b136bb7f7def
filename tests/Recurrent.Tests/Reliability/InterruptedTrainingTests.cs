using System.Diagnostics;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Reliability;

/// <summary>
/// `rnn train` as a process: Ctrl-C (SIGINT) and SIGTERM save a checkpoint and exit 130 / 143; a second run on the
/// same folder is refused at once naming the first; an output folder that cannot be written is reported before training.
/// </summary>
public sealed class InterruptedTrainingTests : TempDirectoryTest
{
    private Process Start(string output, params string[] more)
    {
        File.WriteAllText(PathOf("t.txt"), LanguageModelTrainingTests.Text);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rnn.dll"), "train", "--text", PathOf("t.txt"), "--out", output,
                     "--hidden", "8", "--embedding", "4", "--batch", "2", "--seq-len", "8", "--threads", "1" }.Concat(more))
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private static void Signal(Process process, string signal) =>
        Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString()]))!.WaitForExit();

    /// <summary>Waits until the run has written its first checkpoint (it is past its first evaluation).</summary>
    private static void WaitForCheckpoint(string output, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(output, "checkpoint.safetensors")) && !process.HasExited && clock.Elapsed.TotalSeconds < 60) Thread.Sleep(50);
        Assert.False(process.HasExited, "the run ended before it could be interrupted");
    }

    [Theory]
    [InlineData("INT", 130, "SIGINT")]
    [InlineData("TERM", 143, "SIGTERM")]
    public void A_signal_saves_the_current_step_and_exits_with_its_code_and_resume_continues_from_there(string signal, int exit, string name)
    {
        string output = PathOf("run");
        using var run = Start(output, "--steps", "1000000", "--eval-interval", "10");
        WaitForCheckpoint(output, run);
        Signal(run, signal);
        Assert.True(run.WaitForExit(30_000), "the run did not stop");
        string error = run.StandardError.ReadToEnd();
        Assert.Equal(exit, run.ExitCode);
        Assert.Contains($"interrupted ({name}) at step ", error);
        Assert.Contains(Path.Combine(output, "checkpoint.safetensors"), error);
        long step = long.Parse(error[(error.IndexOf("at step ", StringComparison.Ordinal) + 8)..].Split(':')[0]);
        var saved = Recurrent.Serialization.SafeTensors.Load(Path.Combine(output, "checkpoint.safetensors"));
        Assert.Equal(step.ToString(), saved.Metadata["step"]);

        using var resumed = Start(output, "--resume", "--steps", (step + 3).ToString());
        Assert.True(resumed.WaitForExit(60_000));
        string resumedOut = resumed.StandardOutput.ReadToEnd();
        Assert.True(resumed.ExitCode == 0, resumed.StandardError.ReadToEnd());
        Assert.Contains($"resuming at step {step} of {step + 3}", resumedOut);
    }

    [Fact]
    public void A_second_run_on_a_folder_in_use_is_refused_at_once_naming_the_first_runs_process()
    {
        string output = PathOf("run");
        using var first = Start(output, "--steps", "1000000", "--eval-interval", "10");
        WaitForCheckpoint(output, first);
        using var second = Start(output, "--steps", "5");
        Assert.True(second.WaitForExit(30_000));
        string error = second.StandardError.ReadToEnd();
        Signal(first, "INT");
        first.WaitForExit(30_000);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"is in use by another training run (process {first.Id}: rnn train", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_reported_before_training()
    {
        string output = PathOf("file-not-folder");
        File.WriteAllText(output, "a file where the folder should be");
        using var run = Start(output, "--steps", "5");
        Assert.True(run.WaitForExit(30_000));
        string error = run.StandardError.ReadToEnd(), stdout = run.StandardOutput.ReadToEnd();
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--out {output} cannot be written", error);
        Assert.DoesNotContain("step 1", stdout);
    }
}
