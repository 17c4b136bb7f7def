using Recurrent.Serialization;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Reliability;

/// <summary>A checkpoint write that fails (the disk full) ends the run with a one-line error and leaves the last good checkpoint intact.</summary>
public sealed class WriteFailureTests : TempDirectoryTest
{
    /// <summary>After the checkpoint of <paramref name="step"/>, the next write of <paramref name="path"/> lands on /dev/full (ENOSPC).</summary>
    private sealed class DiskFillsUp(string path, long step) : ITrainingObserver
    {
        public void OnStep(StepReport report, double elapsedSeconds) { }
        public void OnEvaluation(HistoryPoint point, Evaluation evaluation) { }
        public void OnCheckpoint(string written, long at)
        {
            if (at != step) return;
            // AtomicFile writes PATH.tmpPID first: that name now leads to a device that is always full.
            File.CreateSymbolicLink($"{Path.GetFullPath(path)}.tmp{Environment.ProcessId}", "/dev/full");
        }
    }

    [Fact]
    public void The_disk_filling_up_mid_run_ends_it_with_a_one_line_error_and_the_last_good_checkpoint_intact()
    {
        Assert.True(File.Exists("/dev/full"), "this test needs /dev/full (Linux)");
        string path = PathOf("checkpoint.safetensors");
        var trainer = LanguageModelTrainingTests.Start(new TrainingConfig { Batch = 4, Steps = 12, EvalInterval = 4, WarmupSteps = 3, Seed = 7 },
            new Models.LanguageModeling.LanguageModelConfig("lstm", 0, 8, 16, 1, 0f), new Models.LanguageModeling.LanguageModelTaskConfig { SeqLen = 12 },
            LanguageModelTrainingTests.Text);
        var e = Assert.Throws<IOException>(() => trainer.Run(new DiskFillsUp(path, 4), path));
        Assert.Contains($"{path}: the checkpoint at step 8 could not be written", e.Message);
        Assert.Contains("the last good one is intact (step 4)", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var intact = Checkpoint.Load(path);
        Assert.Equal("4", intact.Metadata["step"]);
        Assert.Equal("4", Checkpoint.Load(Trainer.BestPath(path)).Metadata["step"]);
        Assert.Empty(Directory.GetFiles(TempDirectory, "*.tmp*"));
    }
}
