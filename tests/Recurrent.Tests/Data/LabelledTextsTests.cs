using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>(label, text) examples from CSV or TSV, columns by name or index, header optional.</summary>
public sealed class LabelledTextsTests : TempDirectoryTest
{
    private string Write(string name, string text) => WriteFile(name, text);

    [Fact]
    public void Columns_are_chosen_by_header_name_in_a_csv()
    {
        var path = Write("reviews.csv", "id,text,sentiment\n1,\"Good, very \"\"good\"\".\", pos \n2,\"Bad\nreally\",neg\n");
        var examples = LabelledTexts.Read(path, label: "sentiment", text: "text");
        Assert.Equal([("pos", "Good, very \"good\".", 2), ("neg", "Bad\nreally", 3)], examples.Select(e => (e.Label, e.Text, e.Line)));
    }

    [Fact]
    public void A_tsv_without_a_header_is_read_by_index_and_quotes_inside_text_are_literal()
    {
        var path = Write("train.tsv", "ham\tHe said \"hi\" to me\nspam\t\"Win, now\"\n");
        var examples = LabelledTexts.Read(path, label: 0, text: 1, header: false);
        Assert.Equal([("ham", "He said \"hi\" to me"), ("spam", "Win, now")], examples.Select(e => (e.Label, e.Text)));
    }

    [Theory]
    [InlineData("label,text\npos,fine\n,bad\n", "3:1: empty label.")]
    [InlineData("label,text\npos,fine\nneg,  \n", "3:5: empty text.")]
    [InlineData("label,text\npos,fine\nneg,a,b\n", "3: 3 fields, but the header has 2.")]
    [InlineData("label,text\n", "1: a header but no examples.")]
    public void Bad_records_are_one_line_errors(string text, string where)
    {
        var path = Write("data.csv", text);
        var e = Assert.Throws<InvalidDataException>(() => LabelledTexts.Read(path, "label", "text"));
        Assert.Equal($"{path}:{where}", e.Message);
    }

    [Fact]
    public void Selecting_a_column_that_is_not_there_names_the_file()
    {
        var path = Write("data.tsv", "neg\tawful\n");
        Assert.Equal($"{path}: column \"label\" is selected by name, but the file is read without a header; select it by index.",
            Assert.Throws<ArgumentException>(() => LabelledTexts.Read(path, "label", 1, header: false)).Message);
        Assert.Equal($"{path}:1: no column 2 (0-based): the first row has 2 fields.",
            Assert.Throws<InvalidDataException>(() => LabelledTexts.Read(path, 0, 2, header: false)).Message);
    }
}
