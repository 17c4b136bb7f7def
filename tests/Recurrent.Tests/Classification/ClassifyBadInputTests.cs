using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Classification;

/// <summary>Every bad input of the classifier's commands is one line naming the problem, and a non-zero exit.</summary>
[Collection("console")]
public sealed class ClassifyBadInputTests : TempDirectoryTest
{
    private (int Exit, string Out, string Error) Train(string data, params string[] extra) =>
        CliRun.Run(["classify", "train", "--data", data, "--out", PathOf("run"), "--steps", "2", "--hidden", "4", "--embedding", "4", .. extra]);

    [Fact]
    public void A_file_without_the_text_column() =>
        CliRun.AssertOneLineError(Train(WriteFile("one.tsv", "sport\nfood\n")), "one.tsv", "no column 1");

    [Fact]
    public void A_named_column_the_header_lacks() =>
        CliRun.AssertOneLineError(Train(WriteFile("h.csv", "kind,body\na,x\nb,y\n"), "--label-column", "label", "--text-column", "body"),
            "h.csv:1", "no column \"label\"");

    [Fact]
    public void An_empty_text() =>
        CliRun.AssertOneLineError(Train(WriteFile("e.tsv", "sport\tthe goal\nfood\t   \n")), "e.tsv:2", "empty text");

    [Fact]
    public void A_line_that_is_not_json() =>
        CliRun.AssertOneLineError(Train(WriteFile("bad.jsonl", "{\"label\": \"a\", \"x\": [1, 2]}\n{\"label\": \"b\", \"x\": [1,\n")), "bad.jsonl:2:", "not valid JSON");

    [Fact]
    public void A_sequence_holding_NaN() =>
        CliRun.AssertOneLineError(Train(WriteFile("nan.jsonl", "{\"label\": \"a\", \"x\": [[1, 2]]}\n{\"label\": \"b\", \"x\": [[1, NaN]]}\n")),
            "nan.jsonl:2:", "NaN");

    [Fact]
    public void A_sequence_with_the_wrong_feature_count() =>
        CliRun.AssertOneLineError(Train(WriteFile("w.jsonl", "{\"label\": \"a\", \"x\": [[1, 2]]}\n{\"label\": \"b\", \"x\": [[1, 2, 3]]}\n")),
            "w.jsonl:2", "3 numbers a step, but line 1 has 2");

    [Fact]
    public void A_class_seen_only_in_the_test_file()
    {
        string test = WriteFile("test.tsv", "sport\tthe goal\nmusic\ta song\n");
        CliRun.AssertOneLineError(Train(WriteFile("train.tsv", ClassificationFixtures.Tsv(10, seed: 1)), "--test", test),
            "test.tsv:2", "class 'music' is in the test split but never in training");
    }

    [Fact]
    public void A_checkpoint_of_another_task_kind()
    {
        string lm = Path.Combine(AppContext.BaseDirectory, "fixtures", "checkpoints-before-tasks", "char-lstm.safetensors");
        CliRun.AssertOneLineError(CliRun.Run("classify", "eval", "--model", lm), "char-lstm.safetensors", "kind", "expected 'recurrent/classifier/1'");
        CliRun.AssertOneLineError(CliRun.Run("classify", "predict", "--model", lm, "some text"), "expected 'recurrent/classifier/1'");
    }

    [Fact]
    public void No_data_and_unknown_options()
    {
        CliRun.AssertOneLineError(CliRun.Run("classify", "train", "--out", PathOf("run")), "--data");
        CliRun.AssertOneLineError(Train(WriteFile("ok.tsv", ClassificationFixtures.Tsv(10, seed: 1)), "--pooling", "median"), "--pooling 'median'");
        CliRun.AssertOneLineError(Train(WriteFile("ok2.tsv", ClassificationFixtures.Tsv(10, seed: 1)), "--unit", "byte"), "--unit 'byte'");
    }

    [Fact]
    public void A_text_with_nothing_to_classify()
    {
        Assert.Equal(0, Train(WriteFile("ok.tsv", ClassificationFixtures.Tsv(10, seed: 1))).Exit);
        CliRun.AssertOneLineError(CliRun.Run("classify", "predict", "--model", PathOf("run/checkpoint.safetensors"), "   "), "no words to classify");
    }
}
