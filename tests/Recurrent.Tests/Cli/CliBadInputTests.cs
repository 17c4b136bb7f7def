using System.Text;
using Recurrent.Cli;
using Recurrent.Serialization;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Bad input to the `rnn` command: a one-line error naming the problem and a non-zero exit, never a stack trace.</summary>
[Collection("console")]
public sealed class CliBadInputTests : TempDirectoryTest
{

    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(args);

    private static void AssertOneLineError((int Exit, string Out, string Error) r, params string[] fragments) => CliRun.AssertOneLineError(r, fragments);

    [Fact]
    public void Missing_text_file() => AssertOneLineError(Run("train", "--text", PathOf("nope.txt"), "--out", PathOf("o")), "nope.txt", "no such file");

    [Fact]
    public void Empty_text_file()
    {
        File.WriteAllText(PathOf("empty.txt"), "");
        AssertOneLineError(Run("train", "--text", PathOf("empty.txt"), "--out", PathOf("o")), "empty.txt", "empty");
    }

    [Fact]
    public void Binary_file()
    {
        File.WriteAllBytes(PathOf("data.bin"), [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]);
        AssertOneLineError(Run("train", "--text", PathOf("data.bin"), "--out", PathOf("o")), "data.bin", "binary");
    }

    [Fact]
    public void Invalid_utf8()
    {
        File.WriteAllBytes(PathOf("latin1.txt"), Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me"));
        AssertOneLineError(Run("train", "--text", PathOf("latin1.txt"), "--out", PathOf("o")), "latin1.txt", "not valid UTF-8", "offset 3");
    }

    [Fact]
    public void Text_shorter_than_one_window()
    {
        File.WriteAllText(PathOf("short.txt"), "To be, or not to be: that is the question.");
        AssertOneLineError(Run("train", "--text", PathOf("short.txt"), "--out", PathOf("o")), "shorter than one window");
    }

    [Theory]
    [InlineData("--hidden", "-5", "--hidden must be positive")]
    [InlineData("--layers", "0", "--layers must be positive")]
    [InlineData("--batch", "-1", "--batch must be positive")]
    [InlineData("--seq-len", "0", "--seq-len must be positive")]
    [InlineData("--lr", "-0.1", "--lr must be positive")]
    [InlineData("--dropout", "1.5", "--dropout must be in [0, 1)")]
    [InlineData("--cell", "transformer", "Unknown --cell 'transformer'")]
    [InlineData("--steps", "0", "--steps must be positive")]
    public void Nonsense_training_options(string option, string value, string message)
    {
        File.WriteAllText(PathOf("t.txt"), LanguageModelTrainingTests.Text);
        AssertOneLineError(Run("train", "--text", PathOf("t.txt"), "--out", PathOf("o"), option, value), message);
    }

    [Fact]
    public void Checkpoint_problems_and_sampling_options()
    {
        File.WriteAllText(PathOf("t.txt"), LanguageModelTrainingTests.Text);
        var ok = Run("train", "--text", PathOf("t.txt"), "--out", PathOf("run"), "--steps", "4", "--eval-interval", "2",
            "--hidden", "16", "--embedding", "8", "--batch", "4", "--seq-len", "8");
        Assert.True(ok.Exit == 0, ok.Error);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        Assert.Contains("validation:", ok.Out);

        var sample = Run("sample", "--model", model, "--prompt", "Speak", "--length", "20");
        Assert.Equal(0, sample.Exit);
        Assert.StartsWith("Speak", sample.Out);
        var evaluated = Run("eval", "--model", model, "--text", PathOf("t.txt"));
        Assert.Contains("bits/char", evaluated.Out);
        var listed = Run("params", "--model", model);
        Assert.Contains("rnn.weight_ih_l0", listed.Out);

        AssertOneLineError(Run("sample", "--model", model, "--temperature", "0"), "--temperature must be positive");
        AssertOneLineError(Run("sample", "--model", model, "--temperature", "-1"), "--temperature must be positive");
        // Prompt characters the model never saw are skipped and counted, not an error.
        var unseen = Run("sample", "--model", model, "--prompt", "Жук", "--length", "5");
        Assert.True(unseen.Exit == 0, unseen.Error);
        Assert.StartsWith("Жук", unseen.Out);
        Assert.Contains("3 unseen chars (skipped", unseen.Error);

        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(PathOf("cut.safetensors"), bytes[..(bytes.Length / 2)]);
        AssertOneLineError(Run("sample", "--model", PathOf("cut.safetensors")), "cut.safetensors", "truncated");
        File.WriteAllText(PathOf("notes.safetensors"), "just some notes, not a checkpoint at all");
        AssertOneLineError(Run("sample", "--model", PathOf("notes.safetensors")), "notes.safetensors");
        new Recurrent.Layers.Gru(2, 3).Save(PathOf("weights.safetensors"));
        AssertOneLineError(Run("eval", "--model", PathOf("weights.safetensors")), "not a Recurrent checkpoint");
        new Checkpoint("ngram", [], []).Save(PathOf("ngram.safetensors"));
        AssertOneLineError(Run("params", "--model", PathOf("ngram.safetensors")), "recurrent/ngram/1");
        AssertOneLineError(Run("sample", "--model", PathOf("missing.safetensors")), "no such file");

        var resumed = Run("train", "--text", PathOf("t.txt"), "--out", PathOf("run"), "--resume", "--steps", "6");
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains("resuming at step 4 of 6", resumed.Out);
    }
}
