using Recurrent.Models.Classification;

namespace Recurrent.Tests.Classification;

/// <summary>Accuracy, per-class precision/recall/F1 and macro-F1 on a confusion matrix worked by hand.</summary>
public sealed class ClassificationScoresTests
{
    [Fact]
    public void Match_a_hand_worked_confusion_matrix()
    {
        // gold:      a a a b b c
        // predicted: a a b b c c   → M = [[2,1,0],[0,1,1],[0,0,1]]
        var s = new ClassificationScores(["a", "b", "c"], [0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2]);
        Assert.Equal(new[,] { { 2, 1, 0 }, { 0, 1, 1 }, { 0, 0, 1 } }, s.Confusion);
        Assert.Equal(4.0 / 6, s.Accuracy, 12);
        Assert.Equal([1.0, 0.5, 0.5], s.Precision);
        Assert.Equal([2.0 / 3, 0.5, 1.0], s.Recall);
        double f1a = 2 * 1 * (2.0 / 3) / (1 + 2.0 / 3), f1c = 2 * 0.5 / 1.5;
        Assert.Equal(f1a, s.F1[0], 12);
        Assert.Equal(0.5, s.F1[1], 12);
        Assert.Equal(f1c, s.F1[2], 12);
        Assert.Equal((f1a + 0.5 + f1c) / 3, s.MacroF1, 12);
        Assert.Equal([3, 2, 1], s.Support);
    }

    [Fact]
    public void Macro_F1_averages_only_classes_present_in_the_gold_labels()
    {
        // Class c never occurs in gold; predicting it once costs a's recall but c is not averaged.
        var s = new ClassificationScores(["a", "b", "c"], [0, 0, 1], [0, 2, 1]);
        Assert.Equal(0, s.F1[2]);
        Assert.Equal((2 * 1 * 0.5 / 1.5 + 1) / 2, s.MacroF1, 12);
        Assert.Contains("accuracy 0.667  macro-F1 0.833", s.Line);
    }
}
