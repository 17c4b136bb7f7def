using Recurrent.Models.LanguageModeling;
using Recurrent.Tests.Cli;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

/// <summary>
/// Checkpoints written before the task foundation (kind char-lm; fixtures/checkpoints-before-tasks/README.md says how)
/// still open, score exactly what that version's <c>rnn eval</c> printed, and resume.
/// </summary>
[Collection("console")]
public sealed class CheckpointsBeforeTasksTests : TempDirectoryTest
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints-before-tasks", name);

    private string Text()
    {
        string path = PathOf("text.txt");
        File.WriteAllText(path, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "tinyshakespeare", "input.txt"))[..30000]);
        return path;
    }

    [Theory]
    [InlineData("char-lstm.safetensors", "all", "(all, 30,000 chars): loss 4.0627 nats/char, 5.8613 bits/char, perplexity 58.133;")]
    [InlineData("char-lstm.safetensors", "val", "(val, 3,000 chars): loss 4.0623 nats/char, 5.8606 bits/char, perplexity 58.105;")]
    [InlineData("word-gru.safetensors", "all", "(all, 7,115 words): loss 6.2507 nats/word, 9.0178 bits/word, perplexity 518.359;")]
    [InlineData("word-gru.safetensors", "val", "(val, 698 words): loss 6.2784 nats/word, 9.0578 bits/word, perplexity 532.916;")]
    public void An_old_checkpoint_evaluates_to_the_numbers_it_had(string file, string split, string expected)
    {
        var r = CliRun.Run("eval", "--model", Fixture(file), "--text", Text(), "--split", split);
        Assert.True(r.Exit == 0, r.Error);
        Assert.Contains(expected, r.Out);
    }

    [Fact]
    public void An_old_checkpoint_resumes_with_its_history_and_task_settings()
    {
        string path = PathOf("char.safetensors"), text = File.ReadAllText(Text());
        File.Copy(Fixture("char-lstm.safetensors"), path);
        var trainer = LanguageModelTrainingTests.Resume(path, text, steps: 24);
        Assert.Equal(20, trainer.Step);
        Assert.Equal(16, ((LanguageModelTask)trainer.Task).Config.SeqLen);     // read from the old training_config
        Assert.Single(trainer.History);
        Assert.Equal(TrainingOutcome.Completed, trainer.Run(new QuietObserver(), path));
        Assert.Equal(24, trainer.Step);
        var saved = Recurrent.Serialization.Checkpoint.Load(path);
        Assert.Equal("lm", saved.Kind);
        Assert.Equal(2, HistoryPoint.ParseList(saved.Metadata["history"], path).Count);   // the old point, converted, and the new one
    }
}
