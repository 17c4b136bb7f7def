using System.Text.Json.Serialization;
using Recurrent.Models.Classification;

namespace Recurrent.Models.Generation;

/// <summary>
/// Where a conditional language model's labelled texts come from and how they are cut; saved as JSON (<c>task_config</c>).
/// The data are read and split as the classifier reads them (<see cref="ClassificationData"/>), whole documents:
/// Brown's genres (test: every 10th file, validation: a seeded tenth of the others), or a TSV/CSV of label and text, or
/// a folder of class folders. The defaults, each for a reason:
/// </summary>
/// <param name="Data">"brown" (the bundled corpus, each file a document of its genre), a .tsv/.csv file or a folder.</param>
/// <param name="ValidationData">A file of the same format for validation (otherwise a seeded split).</param>
/// <param name="TestData">A file of the same format for the test (otherwise a seeded split).</param>
/// <param name="SeqLen">256 characters a window: about 45 words, several sentences, so the model must hold the
/// condition (given at the first step only, with <c>first</c>) through hundreds of steps. Windows start at word starts.</param>
public sealed record GenerationTaskConfig(
    [property: JsonPropertyName("data")] string Data = "brown",
    [property: JsonPropertyName("validation_data")] string? ValidationData = null,
    [property: JsonPropertyName("test_data")] string? TestData = null,
    [property: JsonPropertyName("seq_len")] int SeqLen = 256)
{
    /// <summary>How the classifier's reader takes these files: whole documents of characters.</summary>
    [JsonIgnore]
    public ClassificationTaskConfig Source => new(Data, ValidationData: ValidationData, TestData: TestData, Unit: "char", PassageWords: 0);

    public void Validate()
    {
        if (SeqLen < 2) throw new ArgumentException($"--seq-len must be at least 2, got {SeqLen}.");
        Source.Validate();
        if (Source.IsNumeric) throw new ArgumentException($"{Data}: a conditional language model writes text; numeric sequences (JSON Lines) are not text.");
    }
}
