namespace Recurrent.Text.NGrams;

/// <summary>How an n-gram model spreads probability to unseen events (see <see cref="NGramModel"/>).</summary>
public enum Smoothing { MaximumLikelihood, AddK, KneserNey }
