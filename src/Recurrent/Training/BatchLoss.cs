using Recurrent.Autograd;

namespace Recurrent.Training;

/// <summary>A training batch's scalar loss (still in its graph) and the number of items it covers.</summary>
public sealed record BatchLoss(Variable Loss, int Items);
