using System.Text;
using Recurrent.Data;
using Recurrent.Models.LanguageModeling;
using Recurrent.Text;

namespace Recurrent.Tests.Reliability;

/// <summary>A text file streamed into compact token ids gives exactly what the whole text read into memory gives.</summary>
public sealed class LargeTextTests : TempDirectoryTest
{
    private static void AssertSame(LanguageModelData expected, LanguageModelData actual)
    {
        Assert.Equal(expected.Vocabulary.Serialize(), actual.Vocabulary.Serialize());
        Assert.Equal(expected.Train.ToArray(), actual.Train.ToArray());
        Assert.Equal(expected.Validation.ToArray(), actual.Validation.ToArray());
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Description, actual.Description);
    }

    [Theory]
    [InlineData(false, 40)]        // a few distinct characters: 1 byte per id
    [InlineData(true, 600)]        // a byte-order mark and 600 distinct characters: 2 bytes per id
    public void Streaming_a_file_of_more_than_one_chunk_gives_the_same_vocabulary_ids_split_and_hash_as_reading_it_whole(bool bom, int distinct)
    {
        // Over 1 MB, with 2-, 3- and 4-byte characters that fall across the 1 MB chunk boundaries.
        var alphabet = Enumerable.Range(0, distinct).Select(i => i switch { < 30 => 'a' + i, < 300 => 0x400 + i, _ => 0x1F300 + i }).Select(c => new Rune(c).ToString()).ToArray();
        var text = new StringBuilder();
        for (int i = 0; text.Length < 1_200_000; i++) text.Append(alphabet[(int)((long)i * 7919 % alphabet.Length)]).Append(i % 13 == 0 ? "\n" : "");
        string path = PathOf("big.txt");
        File.WriteAllBytes(path, [.. bom ? new byte[] { 0xEF, 0xBB, 0xBF } : [], .. Encoding.UTF8.GetBytes(text.ToString())]);
        Assert.True(new FileInfo(path).Length > 1 << 20);

        var streamed = LanguageModelData.FromCharacterFile(path, 0.1);
        AssertSame(LanguageModelData.FromCharacters(TextFile.Read(path), 0.1), streamed);
        Assert.Equal(TokenIds.WidthFor(streamed.Vocabulary.Count), streamed.Train.Width);
        Assert.Equal(distinct <= 256 ? 1 : 2, streamed.Train.Width);
        // A resume: the checkpoint's vocabulary is reused.
        AssertSame(streamed, LanguageModelData.FromCharacterFile(path, 0.1, streamed.Vocabulary));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, "NUL byte at offset 1")]
    [InlineData(new byte[] { 0x61, 0x62, 0xC3, 0x28 }, "invalid byte sequence at offset 2")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "only a byte-order mark")]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, "invalid byte sequence at offset 1")]
    public void A_file_that_is_not_text_is_refused_with_the_offset(byte[] bytes, string reason)
    {
        File.WriteAllBytes(PathOf("bad.txt"), bytes);
        var e = Assert.Throws<InvalidDataException>(() => LanguageModelData.FromCharacterFile(PathOf("bad.txt"), 0.1));
        Assert.Contains(reason, e.Message);
        Assert.StartsWith(PathOf("bad.txt"), e.Message);
    }
}
