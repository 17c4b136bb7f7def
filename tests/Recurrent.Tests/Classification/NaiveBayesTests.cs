using Recurrent.Models.Classification;

namespace Recurrent.Tests.Classification;

/// <summary>Multinomial naive Bayes against the worked example of Manning, Raghavan and Schütze, IIR Table 13.1.</summary>
public sealed class NaiveBayesTests
{
    // Class 0 = "China" (3 documents), class 1 = not (1 document); vocabulary of 6 words.
    private static readonly (string Text, int Label)[] Training =
        [("Chinese Beijing Chinese", 0), ("Chinese Chinese Shanghai", 0), ("Chinese Macao", 0), ("Tokyo Japan Chinese", 1)];

    private static NaiveBayes Train() => NaiveBayes.Train(Training.Select(d => ((IEnumerable<string>)d.Text.Split(' '), d.Label)), classes: 2);

    [Fact]
    public void Scores_the_textbook_example_exactly()
    {
        // P(c) = 3/4, P(Chinese|c) = (5+1)/(8+6) = 3/7, P(Tokyo|c) = P(Japan|c) = 1/14;
        // P(¬c) = 1/4, P(Chinese|¬c) = (1+1)/(3+6) = 2/9, P(Tokyo|¬c) = P(Japan|¬c) = 2/9.
        var scores = Train().LogScores("Chinese Chinese Chinese Tokyo Japan".Split(' '));
        Assert.Equal(Math.Log(3.0 / 4 * Math.Pow(3.0 / 7, 3) / 14 / 14), scores[0], 12);
        Assert.Equal(Math.Log(1.0 / 4 * Math.Pow(2.0 / 9, 5)), scores[1], 12);
        Assert.Equal(0, Train().Predict("Chinese Chinese Chinese Tokyo Japan".Split(' ')));
    }

    [Fact]
    public void Unseen_words_are_skipped_and_the_prior_decides_an_empty_document()
    {
        var model = Train();
        Assert.Equal(6, model.FeatureCount);
        Assert.Equal(model.LogScores(["Tokyo"]), model.LogScores(["Tokyo", "Osaka"]));
        Assert.Equal([Math.Log(0.75), Math.Log(0.25)], model.LogScores([]));
        Assert.Equal(1, model.Predict(["Tokyo", "Japan"]));
    }

    [Fact]
    public void Character_n_grams_mark_word_boundaries_and_ignore_case_and_spacing()
    {
        Assert.Equal([" ", "a", "b", " ", " a", "ab", "b ", " ab", "ab "], NaiveBayes.CharNGrams("AB", 1, 3));
        Assert.Equal(NaiveBayes.CharNGrams("a  b\n").ToArray(), NaiveBayes.CharNGrams("A b").ToArray());
    }
}
