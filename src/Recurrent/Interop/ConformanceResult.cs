using System.Globalization;
using System.Text.Json;
using Recurrent.Layers;
using Recurrent.Serialization;
using Recurrent.Tensors;

namespace Recurrent.Interop;

/// <summary>One conformance case's verdict: the worst tensor, its largest absolute difference, and pass or fail.</summary>
public sealed record ConformanceResult(string File, string Configuration, bool Passed, double LargestDifference,
    string WorstTensor, string? Error = null);
