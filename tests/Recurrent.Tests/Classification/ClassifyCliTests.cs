using Recurrent.Models.Classification;
using Recurrent.Tests.Cli;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Classification;

/// <summary>
/// <c>rnn classify train|eval|predict</c> as a user types them, on data made here: the model learns a keyword task, eval
/// prints it beside the baselines, predict labels texts and numeric sequences, and every bad input is one line.
/// </summary>
[Collection("console")]
public sealed class ClassifyCliTests : TempDirectoryTest
{
    private static readonly string[] Small = ["--hidden", "16", "--embedding", "16", "--lr", "0.02", "--batch", "16", "--threads", "1"];

    private (int Exit, string Out, string Error) Train(string data, string outDir, params string[] extra) =>
        CliRun.Run(["classify", "train", "--data", data, "--out", outDir, .. Small, .. extra]);

    [Fact]
    public void Trains_on_a_tsv_file_then_eval_prints_the_model_beside_the_baselines_and_predict_labels_texts()
    {
        string data = WriteFile("cues.tsv", ClassificationFixtures.Tsv(60, seed: 5));
        var train = Train(data, PathOf("run"), "--steps", "120");
        Assert.True(train.Exit == 0, train.Error);
        Assert.Contains("test split, best checkpoint", train.Out);
        Assert.True(File.Exists(PathOf("run/confusion.png")));
        Assert.True(File.Exists(PathOf("run/loss.png")));

        var eval = CliRun.Run("classify", "eval", "--model", PathOf("run/best.safetensors"));
        Assert.True(eval.Exit == 0, eval.Error);
        var lines = eval.Out.Split('\n');
        var systems = lines.Where(l => l.Contains(": accuracy ")).Select(l => l[..l.IndexOf(':')]).ToArray();
        Assert.Equal(["rnn", "naive-bayes", "naive-bayes-chars", "majority"], systems);
        double rnn = double.Parse(lines.Single(l => l.StartsWith("rnn: ")).Split(' ')[2]);
        double majority = double.Parse(lines.Single(l => l.StartsWith("majority: ")).Split(' ')[2]);
        Assert.True(rnn >= 0.9, eval.Out);       // the cue words decide the class
        Assert.True(majority < 0.5, eval.Out);
        Assert.Contains("gold\\pred", eval.Out);
        Assert.True(File.Exists(PathOf("run/confusion-test.png")));

        var predict = CliRun.Run("classify", "predict", "--model", PathOf("run/best.safetensors"), "--top", "2", "a storm and the rain", "to cook the soup");
        Assert.True(predict.Exit == 0, predict.Error);
        var answers = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, answers.Length);
        Assert.StartsWith("weather ", answers[0]);
        Assert.StartsWith("food ", answers[1]);
        Assert.Equal(2, answers[0].Split('\t')[0].Split("  ").Length);    // top 2: two labels with probabilities
    }

    [Fact]
    public void Eval_on_another_file_scores_all_of_it()
    {
        string data = WriteFile("cues.tsv", ClassificationFixtures.Tsv(30, seed: 6));
        Assert.Equal(0, Train(data, PathOf("run"), "--steps", "20").Exit);
        string other = WriteFile("other.tsv", ClassificationFixtures.Tsv(5, seed: 7));
        var eval = CliRun.Run("classify", "eval", "--model", PathOf("run/checkpoint.safetensors"), "--data", other);
        Assert.True(eval.Exit == 0, eval.Error);
        Assert.Contains($"data: {other}, 15 examples, 3 classes", eval.Out);
    }

    [Fact]
    public void Numeric_sequences_train_and_predict_from_json_arrays()
    {
        string data = WriteFile("trend.jsonl", ClassificationFixtures.Jsonl(60, seed: 8));
        var train = Train(data, PathOf("run"), "--steps", "150", "--pooling", "last");
        Assert.True(train.Exit == 0, train.Error);
        Assert.Contains("2 features a step (standardised)", train.Out);
        var eval = CliRun.Run("classify", "eval", "--model", PathOf("run/best.safetensors"));
        Assert.DoesNotContain("naive-bayes", eval.Out);
        Assert.Contains("majority: ", eval.Out);
        double rnn = double.Parse(eval.Out.Split('\n').Single(l => l.StartsWith("rnn: ")).Split(' ')[2]);
        Assert.True(rnn >= 0.9, eval.Out);
        var predict = CliRun.Run("classify", "predict", "--model", PathOf("run/best.safetensors"), "[[0, 0.5], [0.3, 0.1], [0.6, 0.9], [0.9, 0.2]]");
        Assert.True(predict.Exit == 0, predict.Error);
        Assert.StartsWith("up ", predict.Out);
    }

    [Fact]
    public void A_resumed_run_ends_exactly_where_the_uninterrupted_one_ends()
    {
        var data = ClassificationData.Load(new ClassificationTaskConfig(WriteFile("cues.tsv", ClassificationFixtures.Tsv(20, seed: 9))), "unused");
        var shape = new ClassifierConfig(HiddenSize: 8, EmbeddingSize: 8, Pooling: "attention");
        var config = new TrainingConfig { Batch = 8, Steps = 16, EvalInterval = 4, LearningRate = 0.01f, WarmupSteps = 2 };
        Trainer Start() => Trainer.Start(config, rng => new ClassificationTask(shape, data, config.Batch, rng));
        var straight = Start();
        straight.Run(new QuietObserver(), PathOf("a.safetensors"));
        string path = PathOf("b.safetensors");
        Start().Run(new QuietObserver(), path, stopAtStep: 8);       // "killed" after the step-8 checkpoint
        var resumed = Trainer.Resume(path, (checkpoint, rng, c) => ClassificationTask.Restore(checkpoint, path, c.Batch, rng, "unused"));
        Assert.Equal(8, resumed.Step);
        resumed.Run(new QuietObserver(), path);
        LanguageModelTrainingTests.AssertSameRun(straight, resumed);
    }

    [Fact]
    public void The_cli_resumes_a_run_from_its_out_folder()
    {
        string data = WriteFile("cues.tsv", ClassificationFixtures.Tsv(20, seed: 9));
        Assert.Equal(0, Train(data, PathOf("run"), "--steps", "6").Exit);
        var resumed = CliRun.Run("classify", "train", "--out", PathOf("run"), "--resume", "--steps", "10", "--threads", "1");
        Assert.True(resumed.Exit == 0, resumed.Error);
        Assert.Contains("resuming at step 6 of 10", resumed.Out);
        File.WriteAllText(data, ClassificationFixtures.Tsv(20, seed: 10));
        CliRun.AssertOneLineError(CliRun.Run("classify", "train", "--out", PathOf("run"), "--resume", "--steps", "12"), "trained on different data");
    }
}
