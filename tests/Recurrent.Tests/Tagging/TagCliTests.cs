using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Tagging;

/// <summary><c>rnn tag</c>: train, eval and predict on a user's CoNLL files, the baselines, and one-line errors.</summary>
[Collection("console")]
public sealed class TagCliTests : TempDirectoryTest
{
    private const string Train = "the DET\ndog NOUN\nruns VERB\n. .\n\nthey PRON\nrun VERB\n\na DET\nrun NOUN\n";

    [Fact]
    public void Baselines_on_conll_files_print_a_line_per_system()
    {
        File.WriteAllText(PathOf("train.txt"), Train);
        File.WriteAllText(PathOf("test.txt"), "the DET\nrun NOUN\n\nthey PRON\nwalk VERB\n");
        var r = CliRun.Run("tag", "baselines", "--data", PathOf("train.txt"), "--test", PathOf("test.txt"));
        Assert.True(r.Exit == 0, r.Error);
        var systems = r.Out.Split('\n').Where(l => l.Contains(": accuracy ")).Select(l => l[..l.IndexOf(':')]).ToArray();
        Assert.Equal(["most-frequent", "hmm"], systems);
        Assert.Contains("unseen-word accuracy", r.Out);
    }

    [Fact]
    public void Train_eval_and_predict_on_conll_files()
    {
        File.WriteAllText(PathOf("train.txt"), string.Concat(Enumerable.Repeat(Train + "\n", 10)));
        File.WriteAllText(PathOf("test.txt"), "the DET\nrun NOUN\n\nthey PRON\nwalk VERB\n");
        var trained = CliRun.Run("tag", "train", "--data", PathOf("train.txt"), "--test", PathOf("test.txt"), "--steps", "6", "--eval-interval", "3",
            "--hidden", "4", "--embedding", "4", "--char-hidden", "2", "--char-embedding", "3", "--batch", "4", "--out", PathOf("run"));
        Assert.True(trained.Exit == 0, trained.Error);
        Assert.Contains("test split, best checkpoint", trained.Out);
        string model = Path.Combine(PathOf("run"), "checkpoint.safetensors");
        var evaluated = CliRun.Run("tag", "eval", "--model", model, "--data", PathOf("test.txt"));
        Assert.True(evaluated.Exit == 0, evaluated.Error);
        var systems = evaluated.Out.Split('\n').Where(l => l.Contains(": accuracy ")).Select(l => l[..l.IndexOf(':')]).ToArray();
        Assert.Equal(["rnn", "hmm", "most-frequent"], systems);
        var predicted = CliRun.Run("tag", "predict", "--model", model, "They run, the dog runs.");
        Assert.True(predicted.Exit == 0, predicted.Error);
        var pairs = predicted.Out.Trim().Split(' ');
        Assert.Equal(["They", "run", ",", "the", "dog", "runs", "."], pairs.Select(p => p[..p.LastIndexOf('/')]));
        Assert.All(pairs, p => Assert.Contains(p[(p.LastIndexOf('/') + 1)..], new[] { "DET", "NOUN", "VERB", "PRON" }));
        File.WriteAllText(PathOf("cx01"), "\n\tThe/at dog/nn-tl runs/vbz ./.\n");             // Brown's own format, mapped to the model's (universal) tags
        var brown = CliRun.Run("tag", "eval", "--model", model, "--brown", PathOf("cx01"));
        Assert.True(brown.Exit == 0, brown.Error);
        Assert.Contains("data: cx01, 1 sentence, 4 tokens", brown.Out);
        File.WriteAllText(PathOf("penn.txt"), "the DT\nrun NN\n");
        CliRun.AssertOneLineError(CliRun.Run("tag", "eval", "--model", model, "--data", PathOf("penn.txt")), "tags the model does not have");
        CliRun.AssertOneLineError(CliRun.Run("tag", "predict", "--model", model, "They run.", "   "), "Sentence 2 has no words");
        File.WriteAllText(PathOf("cx02"), "The/at dog runs/vbz\n");
        CliRun.AssertOneLineError(CliRun.Run("tag", "eval", "--model", model, "--brown", PathOf("cx02")), "cx02:1: token 'dog' is not of the form word/tag");
    }

    [Fact]
    public void Bad_inputs_are_one_line_errors()
    {
        File.WriteAllText(PathOf("train.txt"), Train);
        File.WriteAllText(PathOf("bad.txt"), "the DET\ndog\n");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--data", PathOf("train.txt")), "--data needs --test");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--data", PathOf("train.txt"), "--test", PathOf("bad.txt")), "bad.txt:2");
        CliRun.AssertOneLineError(CliRun.Run("tag", "baselines", "--tagset", "penn"), "--tagset must be");
    }
}
