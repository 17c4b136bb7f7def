namespace Recurrent.Interop;

/// <summary>One conformance case's verdict: the worst tensor, its largest absolute difference, and pass or fail.</summary>
public sealed record ConformanceResult(string File, string Configuration, bool Passed, double LargestDifference,
    string WorstTensor, string? Error = null);
