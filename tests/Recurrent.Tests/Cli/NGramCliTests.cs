namespace Recurrent.Tests.Cli;

/// <summary>`rnn ngram`: the happy path and every bad input named in one line with a non-zero exit.</summary>
[Collection("console")]
public sealed class NGramCliTests : TempDirectoryTest
{
    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(args);

    private static void AssertOneLineError((int Exit, string Out, string Error) r, string fragment) => CliRun.AssertOneLineError(r, fragment);

    [Fact]
    public void Train_eval_and_sample_a_word_model()
    {
        File.WriteAllText(PathOf("t.txt"), Training.LanguageModelTrainingTests.Text);
        var trained = Run("ngram", "train", "--text", PathOf("t.txt"), "--unit", "word", "--order", "3", "--out", PathOf("m.bin"));
        Assert.True(trained.Exit == 0, trained.Error);
        Assert.Contains("3-gram word model, KneserNey", trained.Out);
        var evaluated = Run("ngram", "eval", "--model", PathOf("m.bin"), "--text", PathOf("t.txt"));
        Assert.Contains("perplexity", evaluated.Out);
        Assert.Contains("Out-of-vocabulary policy", evaluated.Out);
        var sampled = Run("ngram", "sample", "--model", PathOf("m.bin"), "--length", "12", "--seed", "4");
        Assert.Equal(0, sampled.Exit);
        Assert.False(string.IsNullOrWhiteSpace(sampled.Out));
    }

    [Fact]
    public void Compare_puts_the_rnn_beside_every_order_in_the_table_and_the_plot()
    {
        File.WriteAllText(PathOf("t.txt"), Training.LanguageModelTrainingTests.Text);
        var trained = Run("train", "--text", PathOf("t.txt"), "--out", PathOf("run"), "--steps", "2", "--eval-interval", "2",
            "--hidden", "8", "--embedding", "4", "--batch", "2", "--seq-len", "8");
        Assert.True(trained.Exit == 0, trained.Error);
        var r = Run("ngram", "compare", "--text", PathOf("t.txt"), "--max-order", "3", "--rnn", Path.Combine(PathOf("run"), "checkpoint.safetensors"),
            "--markdown", PathOf("table.md"), "--plot", PathOf("orders.png"));
        Assert.True(r.Exit == 0, r.Error);
        var rows = File.ReadAllLines(PathOf("table.md")).Where(l => l.StartsWith("| ") && !l.StartsWith("| model")).Select(l => l.Split('|')[1].Trim()).ToArray();
        Assert.Equal(["1-gram", "2-gram", "3-gram", "RNN LSTM 2×8 (2 steps)"], rows);
        Assert.True(new FileInfo(PathOf("orders.png")).Length > 1000);
    }

    [Theory]
    [InlineData("--order", "0", "--order must be between 1 and 10, got 0")]
    [InlineData("--order", "11", "--order must be between 1 and 10, got 11")]
    [InlineData("--unit", "sentence", "--unit must be 'char' or 'word', got 'sentence'")]
    [InlineData("--smoothing", "witten-bell", "--smoothing must be kn, addk or mle")]
    public void Nonsense_options(string option, string value, string message)
    {
        File.WriteAllText(PathOf("t.txt"), "some text to count");
        AssertOneLineError(Run("ngram", "train", "--text", PathOf("t.txt"), "--out", PathOf("m.bin"), option, value), message);
    }

    [Fact]
    public void Brown_is_word_level_and_a_text_or_a_corpus_not_both()
    {
        AssertOneLineError(Run("train", "--corpus", "brown", "--out", PathOf("o")), "The Brown corpus is modelled at word level: add --unit word");
        AssertOneLineError(Run("train", "--corpus", "brown", "--unit", "word", "--text", PathOf("t.txt"), "--out", PathOf("o")), "Give --text or --corpus, not both");
        AssertOneLineError(Run("train", "--corpus", "gutenberg", "--unit", "word", "--out", PathOf("o")), "--corpus must be 'brown'");
        AssertOneLineError(Run("train", "--unit", "byte", "--out", PathOf("o")), "--unit must be 'char' or 'word'");
    }

    [Fact]
    public void Empty_text_and_corrupt_model_files()
    {
        File.WriteAllText(PathOf("empty.txt"), "");
        AssertOneLineError(Run("ngram", "train", "--text", PathOf("empty.txt"), "--out", PathOf("m.bin")), "empty");
        File.WriteAllText(PathOf("blank.txt"), "   \n\n  ");
        AssertOneLineError(Run("ngram", "train", "--text", PathOf("blank.txt"), "--unit", "word", "--out", PathOf("m.bin")), "no words");
        File.WriteAllText(PathOf("bad.bin"), "RNNGRAM1 but then nothing sensible");
        AssertOneLineError(Run("ngram", "eval", "--model", PathOf("bad.bin"), "--text", PathOf("empty.txt")), "bad.bin");
        AssertOneLineError(Run("ngram", "sample", "--model", PathOf("none.bin")), "no such file");
    }
}
