using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>CoNLL column files: one token a line, a blank line between sentences, token and tag columns by index.</summary>
public sealed class ConllColumnsTests : TempDirectoryTest
{
    private string Write(string text) => WriteFile("train.txt", text);

    [Fact]
    public void Sentences_end_at_blank_lines_and_the_tag_can_be_the_last_column()
    {
        var path = Write("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\n# # B-NP O\nPeter NNP B-NP B-PER\n");
        var sentences = ConllColumns.Read(path, token: 0, tag: ^1);
        Assert.Equal(2, sentences.Count);
        Assert.Equal(["EU", "rejects"], sentences[0].Tokens);
        Assert.Equal(["B-ORG", "O"], sentences[0].Tags);
        Assert.Equal(3, sentences[0].Line);
        Assert.Equal(["#", "Peter"], sentences[1].Tokens);   // '#' is a token unless a comment prefix is given
        Assert.Equal(["B-NP", "B-NP"], ConllColumns.Read(path, 0, 2)[1].Tags);
    }

    [Fact]
    public void Conll_u_reads_with_tabs_and_a_comment_prefix()
    {
        var path = Write("# sent_id = 1\n# text = New York\n1\tNew York\tnew york\tPROPN\n2\t.\t.\tPUNCT\n");
        var sentence = Assert.Single(ConllColumns.Read(path, token: 1, tag: 3, tabs: true, commentPrefix: "#"));
        Assert.Equal(["New York", "."], sentence.Tokens);
        Assert.Equal(["PROPN", "PUNCT"], sentence.Tags);
    }

    [Fact]
    public void A_line_with_another_number_of_fields_is_a_one_line_error()
    {
        var path = Write("The DT\ncat NN\n\nsat VBD x\n");
        var e = Assert.Throws<InvalidDataException>(() => ConllColumns.Read(path, 0, 1));
        Assert.Equal($"{path}:4: 3 fields, but line 1 has 2.", e.Message);
    }

    [Fact]
    public void A_tag_column_past_the_last_field_names_the_line()
    {
        var path = Write("The DT\n");
        var e = Assert.Throws<ArgumentException>(() => ConllColumns.Read(path, 0, 2));
        Assert.Equal($"{path}:1: no tag column 2: the line has 2 fields.", e.Message);
    }
}
