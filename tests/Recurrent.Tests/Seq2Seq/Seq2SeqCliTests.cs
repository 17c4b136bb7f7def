using Recurrent.Data;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Seq2Seq;

/// <summary><c>rnn seq2seq</c> on SOURCE&lt;TAB&gt;TARGET pairs, and the pairs reader's one-line errors.</summary>
[Collection("console")]
public sealed class Seq2SeqCliTests : TempDirectoryTest
{
    [Theory]
    [InlineData("ab\tba\ncd\n", "2: no tab: expected SOURCE<TAB>TARGET.")]
    [InlineData("ab\tba\tx\n", "1: 2 tabs: expected one, SOURCE<TAB>TARGET.")]
    [InlineData("\tba\n", "1: an empty source: there is nothing to read.")]
    public void Bad_pairs_are_one_line_errors_naming_the_line(string text, string where)
    {
        string path = WriteFile("pairs.tsv", text);
        Assert.Equal($"{path}:{where}", Assert.Throws<InvalidDataException>(() => SequencePairs.Read(path, "chars")).Message);
    }

    [Fact]
    public void Pairs_read_as_characters_or_as_tokens()
    {
        string path = WriteFile("pairs.tsv", "le chat\tthe cat\n\nun chien\ta dog\n");
        var chars = SequencePairs.Read(path, "chars");
        Assert.Equal(["l", "e", " ", "c", "h", "a", "t"], chars[0].Source);
        var tokens = SequencePairs.Read(path, "tokens");
        Assert.Equal(["un", "chien"], tokens[1].Source);
        Assert.Equal(["a", "dog"], tokens[1].Target);
        Assert.Equal(3, tokens[1].Line);
    }

    [Fact]
    public void Train_eval_and_predict_on_pairs()
    {
        // Reversal of 3–5 letter strings over a, b, c, d.
        var rng = new Recurrent.Tensors.Rng(3);
        string Word() => new([.. Enumerable.Range(0, 3 + rng.NextInt(3)).Select(_ => "abcd"[rng.NextInt(4)])]);
        string Lines(int n) => string.Join('\n', Enumerable.Range(0, n).Select(_ => Word()).Select(w => $"{w}\t{new string([.. w.Reverse()])}")) + "\n";
        string train = WriteFile("train.tsv", Lines(200)), val = WriteFile("val.tsv", Lines(20)), test = WriteFile("test.tsv", Lines(20));
        var trained = CliRun.Run("seq2seq", "train", "--data", train, "--val", val, "--test", test, "--steps", "6", "--eval-interval", "3", "--batch", "16",
            "--hidden", "8", "--embedding", "4", "--decoder-hidden", "8", "--attention", "additive", "--out", PathOf("run"));
        Assert.True(trained.Exit == 0, trained.Error);
        Assert.Contains("test part, best checkpoint", trained.Out);
        Assert.Contains("sequence error", trained.Out);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        var evaluated = CliRun.Run("seq2seq", "eval", "--model", model, "--data", test, "--beam", "2");
        Assert.True(evaluated.Exit == 0, evaluated.Error);
        Assert.Matches(@"sequence error \d+\.\d%  token error \d+\.\d%", evaluated.Out);
        var predicted = CliRun.Run("seq2seq", "predict", "--model", model, "abc", "dd", "--nbest", "2");
        Assert.True(predicted.Exit == 0, predicted.Error);
        var lines = predicted.Out.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
        CliRun.AssertOneLineError(CliRun.Run("seq2seq", "predict", "--model", model, "abz"), "Source 1 ('abz') holds 'z', which the model never saw");
        CliRun.AssertOneLineError(CliRun.Run("seq2seq", "train", "--data", train, "--val", val, "--out", PathOf("x")), "Give both --val and --test");
    }
}
