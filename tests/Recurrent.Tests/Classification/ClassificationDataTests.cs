using Recurrent.Models.Classification;

namespace Recurrent.Tests.Classification;

/// <summary>How data becomes splits: by document, reproducibly, with classes from training only, and every bad input a one-line error.</summary>
public sealed class ClassificationDataTests : TempDirectoryTest
{
    private ClassificationData Load(string file, string? test = null) =>
        ClassificationData.Load(new ClassificationTaskConfig(file, TestData: test), brownDirectory: "unused");

    [Fact]
    public void A_file_is_split_by_document_reproducibly_and_duplicates_stay_together()
    {
        string tsv = ClassificationFixtures.Tsv(40, seed: 1);
        string path = WriteFile("d.tsv", tsv + tsv);      // every text twice
        var a = Load(path);
        var b = Load(path);
        Assert.Equal(a.Train.Select(e => e.Source), b.Train.Select(e => e.Source));
        Assert.Equal(240, a.Train.Count + a.Validation.Count + a.Test.Count);
        var trainTexts = a.Train.Select(e => e.Text).ToHashSet();
        Assert.DoesNotContain(a.Validation, e => trainTexts.Contains(e.Text));
        Assert.DoesNotContain(a.Test, e => trainTexts.Contains(e.Text));
        Assert.Equal(["food", "sport", "weather"], a.Labels);
    }

    [Fact]
    public void A_folder_of_class_folders_keeps_each_files_passages_in_one_split()
    {
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(PathOf($"corpus/class{c}"));
            for (int f = 0; f < 20; f++)
                File.WriteAllText(PathOf($"corpus/class{c}/doc{f}.txt"), string.Join(' ', Enumerable.Range(0, 34).Select(w => $"w{c}{f}{w}")));
        }
        var data = ClassificationData.Load(new ClassificationTaskConfig(PathOf("corpus"), PassageWords: 10), "unused");
        Assert.Equal(["class0", "class1"], data.Labels);
        // 34 words → passages of 10, 10 and 14: the last 4 words, under half a passage, join the one before.
        Assert.Equal(40 * 3, data.Train.Count + data.Validation.Count + data.Test.Count);
        var trainDocuments = data.Train.Select(e => e.Document).ToHashSet();
        Assert.DoesNotContain(data.Test, e => trainDocuments.Contains(e.Document));
        Assert.DoesNotContain(data.Validation, e => trainDocuments.Contains(e.Document));
    }

    [Fact]
    public void A_txt_file_of_tab_separated_lines_and_a_folder_of_files_without_extensions_read_as_meant()
    {
        var tabs = Load(WriteFile("lines.txt", ClassificationFixtures.Tsv(10, seed: 4)));
        Assert.Equal(["food", "sport", "weather"], tabs.Labels);
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(PathOf($"news/group{c}"));
            for (int f = 0; f < 10; f++) File.WriteAllText(PathOf($"news/group{c}/{1000 + f}"), $"message {f} of group {c}");
            File.WriteAllText(PathOf($"news/group{c}/.hidden"), "");
        }
        var folder = ClassificationData.Load(new ClassificationTaskConfig(PathOf("news")), "unused");
        Assert.Equal(20, folder.Train.Count + folder.Validation.Count + folder.Test.Count);
    }

    [Fact]
    public void The_bundled_Brown_corpus_holds_out_every_tenth_file_for_the_test()
    {
        string brown = Path.Combine(AppContext.BaseDirectory, "data", "brown");      // data/ is copied beside the tests
        var data = ClassificationData.Load(new ClassificationTaskConfig("brown", PassageWords: 100), brown);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r"], data.Labels);
        var files = Recurrent.Data.BrownCorpus.Files(brown).Select(Path.GetFileName).ToList();
        var testFiles = data.Test.Select(e => e.Document).Distinct().ToList();
        Assert.Equal(files.Where((_, i) => i % 10 == 9), testFiles);
        Assert.All(data.Test, e => Assert.Equal(e.Document[1..2], e.Label));
        Assert.Empty(data.Train.Select(e => e.Document).Intersect(testFiles));
        Assert.Empty(data.Train.Select(e => e.Document).Intersect(data.Validation.Select(e => e.Document)));
    }

    [Fact]
    public void A_class_seen_only_in_the_test_split_is_a_one_line_error()
    {
        string train = WriteFile("train.tsv", ClassificationFixtures.Tsv(10, seed: 2));
        string test = WriteFile("test.tsv", "sport\tthe goal\nmusic\ta song\n");
        var e = Assert.Throws<InvalidDataException>(() => Load(train, test));
        Assert.Equal($"{test}:2: class 'music' is in the test split but never in training (training classes: food, sport, weather).", e.Message);
    }

    [Fact]
    public void A_header_is_recognised_and_named_columns_are_found()
    {
        string path = WriteFile("h.csv", "id,text,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},words number {i},{(i % 2 == 0 ? "even" : "odd")}\n")));
        var data = ClassificationData.Load(new ClassificationTaskConfig(path, LabelColumn: "label", TextColumn: "text"), "unused");
        Assert.Equal(["even", "odd"], data.Labels);
        var plain = ClassificationData.Load(new ClassificationTaskConfig(WriteFile("p.tsv", "label\ttext\n" + ClassificationFixtures.Tsv(10, 3))), "unused");
        Assert.DoesNotContain("label", plain.Labels);
    }
}
