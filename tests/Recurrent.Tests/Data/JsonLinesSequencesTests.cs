using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>Labelled numeric sequences, one JSON object a line: {"label": ..., "x": [[f1, f2], ...]}.</summary>
public sealed class JsonLinesSequencesTests : TempDirectoryTest
{
    private string Write(string text) => WriteFile("walks.jsonl", text);

    [Fact]
    public void Each_line_gives_a_label_and_a_T_by_F_sequence()
    {
        var path = Write("{\"label\": \"walk\", \"x\": [[0.5, 1], [2, -3e-1]], \"id\": 7}\n\n{\"x\": [[4, 5]], \"label\": 3}\n");
        var sequences = JsonLinesSequences.Read(path);
        Assert.Equal(2, sequences.Count);
        Assert.Equal(("walk", 2, 2, 1), (sequences[0].Label, sequences[0].Steps, sequences[0].Features, sequences[0].Line));
        Assert.Equal([0.5f, 1, 2, -0.3f], sequences[0].Values);
        Assert.Equal(("3", 3), (sequences[1].Label, sequences[1].Line));
    }

    [Fact]
    public void A_flat_list_is_a_univariate_sequence()
    {
        var sequence = Assert.Single(JsonLinesSequences.Read(Write("{\"label\": \"up\", \"x\": [1, 2, 3]}\n")));
        Assert.Equal((3, 1), (sequence.Steps, sequence.Features));
    }

    [Theory]
    [InlineData("{\"label\": \"a\", \"x\": [[1]]}\n{\"label\": \"b\", \"x\": [[1,]]}\n", "2:25: not valid JSON.")]
    [InlineData("{\"label\": \"café\", \"x\": [[1,]]}\n", "1:28: not valid JSON.")]   // columns count characters, not UTF-8 bytes
    [InlineData("[1, 2]\n", "1: expected a JSON object, got an array.")]
    [InlineData("{\"x\": [[1]]}\n", "1: no \"label\".")]
    [InlineData("{\"label\": null, \"x\": [[1]]}\n", "1: \"label\" must be a non-empty string or a number, got null.")]
    [InlineData("{\"label\": \"a\", \"x\": []}\n", "1: \"x\" must be a non-empty array of steps, got an empty array.")]
    [InlineData("{\"label\": \"a\", \"x\": [[1, 2], [3]]}\n", "1: \"x\"[1] has 1 numbers, but \"x\"[0] has 2.")]
    [InlineData("{\"label\": \"a\", \"x\": [[1, \"2\"]]}\n", "1: \"x\"[0][1] must be a number, got the string \"2\".")]
    [InlineData("{\"label\": \"a\", \"x\": [[1e39]]}\n", "1: \"x\"[0][0] = 1e39 is too large for a 32-bit float.")]
    [InlineData("{\"label\": \"a\", \"x\": [[1, 2]]}\n{\"label\": \"b\", \"x\": [[1]]}\n", "2: \"x\" has 1 number a step, but line 1 has 2.")]
    public void Bad_lines_are_one_line_errors_naming_file_and_line(string text, string where)
    {
        var path = Write(text);
        var e = Assert.Throws<InvalidDataException>(() => JsonLinesSequences.Read(path));
        Assert.Equal($"{path}:{where}", e.Message);
    }
}
