using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>The CMU Pronouncing Dictionary: WORD  PH1 PH2 ..., variants WORD(n), ;;; comments; one-line errors file:line[:column].</summary>
public sealed class CmuDictTests : TempDirectoryTest
{
    private string Write(string text) => WriteFile("dict.txt", text);

    [Fact]
    public void Every_variant_is_kept_with_its_phones_and_stress_as_given()
    {
        var dict = CmuDict.Read(Write(";;; a comment\nA  AH0\nA(1)  EY1\nA'S  EY1 Z\n\nAARONSON  AA1 R AH0 N S AH0 N\nAARONSON(1)\tAA1 R AH0 N S AH0 N\r\n{BRACE  B R EY1 S\n"));
        Assert.Equal(6, dict.Entries.Count);
        Assert.Equal(4, dict.WordCount);
        Assert.Equal([["AH0"], ["EY1"]], dict.Pronunciations("A").Select(e => e.Phones));
        Assert.Equal([0, 1], dict.Pronunciations("A").Select(e => e.Variant));
        Assert.Equal(new[] { "EY1", "Z" }, dict.Pronunciations("A'S")[0].Phones);
        Assert.Equal(7, dict.Pronunciations("AARONSON")[1].Line);
        Assert.Equal("{BRACE", dict.Entries[^1].Word);
        Assert.Empty(dict.Pronunciations("a"));   // case as written
    }

    [Fact]
    public void A_hash_after_the_word_starts_a_comment_as_in_the_newer_releases()
    {
        var dict = CmuDict.Read(Write("abbe ae1 b iy0 # place, danish\n"));
        Assert.Equal(new[] { "ae1", "b", "iy0" }, dict.Entries[0].Phones);
    }

    [Theory]
    [InlineData("A  AH0\nB\n", "2: \"B\" has no phones.")]
    [InlineData("A  AH0\nA(X)  EY1\n", "2:2: '(X)' is not a variant marker: expected (n), n = 1, 2, ...")]
    [InlineData("A  AH0\nA(0)  EY1\n", "2:2: '(0)' is not a variant marker: expected (n), n = 1, 2, ...")]
    [InlineData("A  AH0\nAB  EY1 B12\n", "2:9: 'B12' is not a phone (letters, then at most one stress digit).")]
    [InlineData("A  AH0\nA(1)  EY1\nA(1)  EY2\n", "3: \"A(1)\" again (first on line 2).")]
    [InlineData("A  AH0\nA  AH1\n", "2: \"A\" again (first on line 1).")]
    [InlineData("A  AH0\n  EY1\n", "2:1: a line starts with a space: expected the word first.")]
    public void Bad_lines_are_one_line_errors_naming_file_line_and_column(string text, string where)
    {
        var path = Write(text);
        var e = Assert.Throws<InvalidDataException>(() => CmuDict.Read(path));
        Assert.Equal($"{path}:{where}", e.Message);
    }

    [Fact]
    public void A_file_of_comments_only_is_an_error()
    {
        var path = Write(";;; nothing\n\n");
        Assert.Equal($"{path}: no pronunciations (only comments and blank lines).", Assert.Throws<InvalidDataException>(() => CmuDict.Read(path)).Message);
    }

    [Fact]
    public void A_missing_file_names_its_path()
    {
        var path = PathOf("nope.txt");
        var e = Assert.Throws<FileNotFoundException>(() => CmuDict.Read(path));
        Assert.Equal($"{path}: no such file.", e.Message);
    }
}
