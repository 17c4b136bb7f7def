using Recurrent.Data;
using Recurrent.Models.Seq2Seq;

namespace Recurrent.Tests.Seq2Seq;

public sealed class G2PDataTests : TempDirectoryTest
{
    private const string Dict = "READ  R IY1 D\nREAD(1)  R EH1 D\nRECORD  R EH1 K ER0 D\nRECORD(1)  R IH0 K AO1 R D\nA  AH0\nA(1)  EY1\nD'ARTAGNAN  D AH0 R T AE1 NG Y AH0 N\n";

    [Fact]
    public void A_word_is_its_upper_cased_characters_and_all_its_pronunciations()
    {
        var examples = Seq2SeqData.Examples(CmuDict.Read(WriteFile("d.txt", Dict)), stress: true);
        var read = examples.Single(e => e.Key == "READ");
        Assert.Equal(["R", "E", "A", "D"], read.Source);
        Assert.Equal([["R", "IY1", "D"], ["R", "EH1", "D"]], read.References);
        Assert.Equal(["D", "'", "A", "R", "T", "A", "G", "N", "A", "N"], examples.Single(e => e.Key == "D'ARTAGNAN").Source);
        Assert.Equal(["H", "E", "L", "L", "O"], Seq2SeqData.Letters("hello"));
    }

    [Fact]
    public void Without_stress_the_digits_go_and_variants_that_become_equal_merge()
    {
        var text = "ABSENT  AE1 B S AH0 N T\nABSENT(1)  AE0 B S EH1 N T\nABSENT(2)  AE1 B S AH0 N T\n";
        var e = Seq2SeqData.Examples(CmuDict.Read(WriteFile("d.txt", text)), stress: false).Single();
        Assert.Equal([["AE", "B", "S", "AH", "N", "T"], ["AE", "B", "S", "EH", "N", "T"]], e.References);
    }

    [Fact]
    public void The_split_is_by_word_so_no_variants_of_one_word_are_in_two_parts()
    {
        var lines = Enumerable.Range(0, 400).SelectMany(i => new[] { $"W{i}  AH0 B", $"W{i}(1)  EY1 B" });
        var data = Seq2SeqData.Load(new Seq2SeqTaskConfig(Dictionary: WriteFile("d.txt", string.Join('\n', lines) + "\n")), "unused");
        var train = data.Train.Select(p => string.Concat(p.Source)).ToHashSet();
        var validation = data.Validation.Select(e => e.Key).ToHashSet();
        var test = data.Test.Select(e => e.Key).ToHashSet();
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(800, data.Train.Count + 2 * (validation.Count + test.Count));   // every variant of a training word is a pair
        Assert.InRange(validation.Count, 8, 35);
    }

    [Fact]
    public void Scores_accept_any_reference_and_measure_phones_against_the_closest()
    {
        var examples = new[]
        {
            new Seq2SeqExample("READ", ["R", "E", "A", "D"], [["R", "IY1", "D"], ["R", "EH1", "D"]]),
            new Seq2SeqExample("CAT", ["C", "A", "T"], [["K", "AE1", "T"]]),
        };
        var s = SequenceScores.Of(examples, [["R", "EH1", "D"], ["K", "AE0", "T", "S"]]);
        Assert.Equal(0.5, s.SequenceErrorRate);                     // READ is right (its second pronunciation)
        Assert.Equal(2.0 / 6, s.TokenErrorRate, 12);               // CAT: AE0 for AE1, S inserted; over 3 + 3 phones
        var plain = SequenceScores.Of(examples, [["R", "EH1", "D"], ["K", "AE0", "T", "S"]], ignoreDigits: true);
        Assert.Equal(1.0 / 6, plain.TokenErrorRate, 12);            // without stress only the S is wrong
        Assert.Equal("WER 50.0%  PER 33.3%", s.Summary());
    }

    [Fact]
    public void Edit_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(0, EditDistance.Between(["A", "B"], ["A", "B"]));
        Assert.Equal(3, EditDistance.Between(["K", "IH", "T", "AH", "N"], ["S", "IH", "T", "IH", "NG"]));
        Assert.Equal(2, EditDistance.Between([], ["A", "B"]));
    }
}
