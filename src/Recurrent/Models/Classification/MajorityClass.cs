namespace Recurrent.Models.Classification;

/// <summary>The floor every classifier must clear: always the most frequent training class (ties: the lower index).</summary>
public static class MajorityClass
{
    public static int Of(IReadOnlyList<int> trainingCounts)
    {
        int best = 0;
        for (int c = 1; c < trainingCounts.Count; c++) if (trainingCounts[c] > trainingCounts[best]) best = c;
        return best;
    }
}
