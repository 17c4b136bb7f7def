using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Seq2Seq;

/// <summary><c>rnn g2p</c>: train on a CMUdict-format file, eval with and without stress, pronounce words, one-line errors.</summary>
[Collection("console")]
public sealed class G2pCliTests : TempDirectoryTest
{
    private string Dictionary()
    {
        // 60 distinct words over the letters C, A, B, T, each letter one phone.
        return WriteFile("dict.txt", string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{Word(i)}  {Phones(i)}")) + "\n");

        // i + 4 written in base 4 with the digits C, A, B, T: distinct words of 2 or 3 letters.
        static string Word(int i)
        {
            var letters = new List<char>();
            for (int n = i + 4; n > 0; n /= 4) letters.Insert(0, "CABT"[n % 4]);
            return new string([.. letters]);
        }
        static string Phones(int i) => string.Join(' ', Word(i).Select(c => c switch { 'C' => "K", 'A' => "AE1", 'B' => "B", _ => "T" }));
    }

    [Fact]
    public void Train_eval_and_pronounce()
    {
        string dict = Dictionary();
        var trained = CliRun.Run("g2p", "train", "--dict", dict, "--steps", "8", "--eval-interval", "4", "--batch", "8", "--hidden", "8", "--embedding", "4",
            "--decoder-hidden", "8", "--out", PathOf("run"));
        Assert.True(trained.Exit == 0, trained.Error);
        Assert.Contains("test part, best checkpoint", trained.Out);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        var evaluated = CliRun.Run("g2p", "eval", "--model", model, "--dict", dict);
        Assert.True(evaluated.Exit == 0, evaluated.Error);
        Assert.Matches(@"with stress:    WER \d+\.\d%  PER \d+\.\d%", evaluated.Out);
        Assert.Matches(@"without stress: WER \d+\.\d%  PER \d+\.\d%", evaluated.Out);
        var plain = CliRun.Run("g2p", "eval", "--model", model, "--dict", dict, "--no-stress");
        Assert.Matches(@"^60 words, greedy decoding\nWER \d+\.\d%  PER \d+\.\d%\n$", plain.Out.Replace("\r", ""));
        var spoken = CliRun.Run("g2p", "--model", model, "cab", "tact", "--nbest", "2");
        Assert.True(spoken.Exit == 0, spoken.Error);
        var lines = spoken.Out.Trim().Split('\n');
        Assert.Equal(4, lines.Length);                                        // 2 pronunciations each, best first
        Assert.All(lines.Take(2), l => Assert.StartsWith("cab  ", l));
        Assert.All(lines.Skip(2), l => Assert.StartsWith("tact  ", l));
        Assert.All(lines, l => Assert.Matches(@"  \(-\d+\.\d{3}\)$", l));
        var plotted = CliRun.Run("g2p", "--model", model, "tact", "--attention-plot", PathOf("attention.png"));
        Assert.True(plotted.Exit == 0, plotted.Error);
        Assert.True(new FileInfo(PathOf("attention.png")).Length > 1000);
        var beamed = CliRun.Run("g2p", "eval", "--model", model, "--dict", dict, "--beam", "3");
        Assert.Contains("60 words, beam search, width 3", beamed.Out);
        CliRun.AssertOneLineError(CliRun.Run("g2p", "--model", model, "cab", "--beam", "0"), "--beam must be at least 1");
        CliRun.AssertOneLineError(CliRun.Run("g2p", "--model", model, "cat", "zebra"), "'zebra' holds 'Z', 'E', 'R', which the model never saw");
        CliRun.AssertOneLineError(CliRun.Run("g2p", "--model", model), "Give words to pronounce");
    }

    [Fact]
    public void Pronouncing_needs_a_model_and_another_task_s_checkpoint_is_refused()
    {
        CliRun.AssertOneLineError(CliRun.Run("g2p", "cat"), "--model names the checkpoint");
        string lm = Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints-before-tasks", "char-lstm.safetensors");
        CliRun.AssertOneLineError(CliRun.Run("g2p", "--model", lm, "cat"), "char-lstm.safetensors");
    }
}
