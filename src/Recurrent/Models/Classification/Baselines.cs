namespace Recurrent.Models.Classification;

/// <summary>
/// The systems a classifier is printed beside, trained on the classifier's own training split and scored on the same
/// examples: naive Bayes over words and over character 1–4-grams (texts only), and the majority class.
/// </summary>
public static class Baselines
{
    /// <summary>(name, scores) for each baseline on <paramref name="examples"/>, in the order eval prints them.</summary>
    public static IReadOnlyList<(string Name, ClassificationScores Scores)> Score(ClassificationData training, IReadOnlyList<ClassificationExample> examples)
    {
        var labels = training.Labels;
        var gold = examples.Select(e => training.ClassOf(e.Label)).ToArray();
        var systems = new List<(string, ClassificationScores)>();
        if (!training.IsNumeric)
        {
            foreach (var (name, features) in new (string, Func<string, IEnumerable<string>>)[]
                     { ("naive-bayes", t => TokenVocabulary.Tokenize("word", t)), ("naive-bayes-chars", t => NaiveBayes.CharNGrams(t)) })
            {
                var model = NaiveBayes.Train(training.Train.Select(e => (features(e.Text!), training.ClassOf(e.Label))), labels.Length);
                systems.Add((name, new ClassificationScores(labels, gold, examples.Select(e => model.Predict(features(e.Text!))).ToArray())));
            }
        }
        int majority = MajorityClass.Of(training.ClassCounts(training.Train));
        systems.Add(("majority", new ClassificationScores(labels, gold, Enumerable.Repeat(majority, examples.Count).ToArray())));
        return systems;
    }
}
