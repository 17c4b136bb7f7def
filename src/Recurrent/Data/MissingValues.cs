namespace Recurrent.Data;

/// <summary>
/// What <see cref="CsvSeries"/> does with a missing value: an empty field, or NA, N/A, NaN, null (any case).
/// A field that is present but not a number ("12,5", "abc") is an error under every policy: filling it would hide a
/// broken file.
/// </summary>
public enum MissingValues
{
    /// <summary>The first missing value is a one-line error naming its row and column.</summary>
    Error,

    /// <summary>
    /// Linear interpolation by row between the nearest present values above and below, per column. A gap at the
    /// start or the end of a column has only one side to go by and is an error (that would be extrapolation).
    /// </summary>
    Interpolate,

    /// <summary>The last present value above, per column (pandas' ffill). A gap at the start of a column is an error.</summary>
    Previous,
}
