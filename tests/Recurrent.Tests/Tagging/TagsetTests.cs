using Recurrent.Data;
using Recurrent.Models.Tagging;

namespace Recurrent.Tests.Tagging;

/// <summary>The three tagsets: Brown as written, simplified without position modifiers, and Petrov et al.'s universal mapping.</summary>
public sealed class TagsetTests
{
    [Theory]
    [InlineData("np-tl", "np")]
    [InlineData("nn-tl-hl", "nn")]
    [InlineData("fw-in+at-tl", "in+at")]
    [InlineData("pps+bez", "pps+bez")]
    [InlineData("bez*", "bez*")]
    [InlineData("nn$-hl", "nn$")]
    [InlineData("--", "--")]
    public void Simplified_tags_drop_only_the_position_modifiers(string brown, string simplified) =>
        Assert.Equal(simplified, Tagsets.Map(brown, Tagset.Simplified));

    [Theory]
    [InlineData("at", "DET")]
    [InlineData("np-tl", "NOUN")]
    [InlineData("hvd*", "VERB")]
    [InlineData("pps+bez", "PRT")]
    [InlineData("``", ".")]
    [InlineData("fw-nn", "X")]
    [InlineData("cs", "ADP")]
    [InlineData("od", "ADJ")]
    [InlineData("*", "ADV")]
    [InlineData("nn+nn-nc", "NOUN")]
    public void Universal_tags_follow_the_published_brown_mapping(string brown, string universal) =>
        Assert.Equal(universal, Tagsets.Map(brown, Tagset.Universal));

    [Fact]
    public void Every_tag_of_the_bundled_brown_corpus_is_in_the_published_mapping()
    {
        string brown = Path.Combine(AppContext.BaseDirectory, "data", "brown");
        var tags = BrownCorpus.Files(brown).SelectMany(BrownCorpus.ReadTaggedFile).SelectMany(s => s).Select(w => w.Tag).Distinct().ToList();
        Assert.True(tags.Count > 400);
        Assert.DoesNotContain(tags, t => !UniversalTags.IsListed(t));
        Assert.Equal(UniversalTags.All.Order(), tags.Select(UniversalTags.Of).Distinct().Order());
    }

    [Fact]
    public void Unknown_names_are_one_line_errors() =>
        Assert.Contains("--tagset must be brown, simplified or universal", Assert.Throws<ArgumentException>(() => Tagsets.Parse("penn")).Message);
}
