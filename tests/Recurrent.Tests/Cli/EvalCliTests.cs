using Recurrent.Tests.Training;

namespace Recurrent.Tests.Cli;

/// <summary>`rnn eval`: any text can be scored; unseen characters are skipped, counted and reported.</summary>
[Collection("console")]
public sealed class EvalCliTests : TempDirectoryTest
{
    [Fact]
    public void A_text_with_unseen_characters_scores_as_the_same_text_without_them_and_says_how_many_were_skipped()
    {
        File.WriteAllText(PathOf("t.txt"), LanguageModelTrainingTests.Text);
        var trained = CliRun.Run("train", "--text", PathOf("t.txt"), "--out", PathOf("run"), "--steps", "4", "--eval-interval", "4",
            "--hidden", "16", "--embedding", "8", "--batch", "4", "--seq-len", "8");
        Assert.True(trained.Exit == 0, trained.Error);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        string clean = "First Citizen:\nSpeak, speak.\nAll:\nBefore we proceed any further, hear me speak.\n";
        File.WriteAllText(PathOf("clean.txt"), clean);
        File.WriteAllText(PathOf("new.txt"), clean.Replace("Speak,", "Speak, Жук€,").Replace("All:", "Äll:"));

        var withUnseen = CliRun.Run("eval", "--model", model, "--text", PathOf("new.txt"));
        var without = CliRun.Run("eval", "--model", model, "--text", PathOf("clean.txt"));
        Assert.True(withUnseen.Exit == 0, withUnseen.Error);
        // 4 unseen in " Жук€," and 1 in "Äll": the text's own " ," stay, the 'A' that 'Ä' replaced is gone.
        Assert.Contains($"(all, {clean.Length + 1:N0} chars)", withUnseen.Out);
        Assert.Contains("5 unseen chars (skipped", withUnseen.Out);
        Assert.Contains("0 unseen chars (skipped)", without.Out);
        string Loss(string line) => line[line.IndexOf("loss ", StringComparison.Ordinal)..line.IndexOf(';')];
        Assert.NotEqual(Loss(without.Out), Loss(withUnseen.Out));       // ", " was added: a different text
        File.WriteAllText(PathOf("skipped.txt"), clean.Replace("Speak,", "Speak, ,").Replace("All:", "ll:"));
        Assert.Equal(Loss(CliRun.Run("eval", "--model", model, "--text", PathOf("skipped.txt")).Out), Loss(withUnseen.Out));
    }
}
