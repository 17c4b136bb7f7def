using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Generation;

/// <summary><c>rnn generate train|eval</c> and <c>rnn generate --model CKPT --condition LABEL</c> on a small labelled file.</summary>
[Collection("console")]
public sealed class GenerateCliTests : TempDirectoryTest
{
    private string Data()
    {
        var rng = new Recurrent.Tensors.Rng(2);
        string Words(string letters) => string.Join(' ', Enumerable.Range(0, 5 + rng.NextInt(5)).Select(_ =>
            new string([.. Enumerable.Range(0, 2 + rng.NextInt(3)).Select(_ => letters[rng.NextInt(2)])])));
        return WriteFile("texts.tsv", string.Join('\n', Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? $"calm\t{Words("ab")}" : $"loud\t{Words("AB")}")) + "\n");
    }

    private (int Exit, string Out, string Error) Train(string data, string conditioning, string dir) =>
        CliRun.Run("generate", "train", "--data", data, "--conditioning", conditioning, "--seq-len", "16", "--hidden", "8", "--layers", "1",
            "--embedding", "4", "--steps", "6", "--eval-interval", "3", "--batch", "4", "--threads", "1", "--out", PathOf(dir));

    [Fact]
    public void Train_then_write_a_class_and_evaluate_against_the_unconditional_baseline()
    {
        string data = Data();
        var trained = Train(data, "first", "first");
        Assert.True(trained.Exit == 0, trained.Error);
        Assert.Contains("classes: calm, loud", trained.Out);
        Assert.True(Train(data, "none", "none").Exit == 0);
        string model = PathOf("first/best.safetensors"), baseline = PathOf("none/best.safetensors");

        var written = CliRun.Run("generate", "--model", model, "--condition", "loud", "--length", "30", "--count", "2");
        Assert.True(written.Exit == 0, written.Error);
        var passages = written.Out.TrimEnd('\n').Split("\n\n");
        Assert.Equal(2, passages.Length);
        Assert.All(passages, t => Assert.Equal(30, t.Length));

        var eval = CliRun.Run("generate", "eval", "--model", model, "--baseline", baseline);
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Matches(@"calm\s+\d+\.\d{3}\s+\d+\.\d{3}\s+\d+\.\d{3}\s+-?\d+\.\d%", eval.Out);
        Assert.Matches(@"all\s+\d+\.\d{3}\s+\d+\.\d{3}", eval.Out);

        CliRun.AssertOneLineError(CliRun.Run("generate", "--model", model, "--condition", "quiet"), "Unknown --condition 'quiet'", "calm, loud");
        CliRun.AssertOneLineError(CliRun.Run("generate", "--model", model), "--condition names the class to write: one of calm, loud.");
        CliRun.AssertOneLineError(CliRun.Run("generate", "--model", baseline, "--condition", "calm"), "without conditioning");
        CliRun.AssertOneLineError(CliRun.Run("generate", "eval", "--model", model, "--baseline", model), "is conditional too");
        CliRun.AssertOneLineError(CliRun.Run("generate", "eval", "--model", baseline), "trained without conditioning");
        CliRun.AssertOneLineError(CliRun.Run("generate", "--model", model, "--condition", "calm", "--temperature", "0"), "--temperature must be positive");
    }

    [Fact]
    public void Bad_options_are_one_line_errors_before_training()
    {
        string data = Data();
        CliRun.AssertOneLineError(Train(data, "sideways", "x"), "--conditioning must be first, every or none, got 'sideways'.");
        CliRun.AssertOneLineError(CliRun.Run("generate", "train", "--data", PathOf("missing.tsv"), "--out", PathOf("y")), "missing.tsv");
        CliRun.AssertOneLineError(CliRun.Run("generate", "train", "--data", data, "--seq-len", "1", "--out", PathOf("z")), "--seq-len must be at least 2, got 1.");
    }
}
