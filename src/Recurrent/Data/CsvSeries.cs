using System.Globalization;

namespace Recurrent.Data;

/// <summary>
/// A time series read from a CSV file with a header (RFC 4180 quoting): one value column, optional covariate columns
/// and an optional time column, in file order. <see cref="Values"/> is (T, F) row-major with the value column first
/// and the covariates after it in the order asked for, the layout <see cref="SeriesWindows"/> takes. Numbers are
/// read in the invariant culture ('.' decimal point, exponents allowed); infinities are refused.
/// </summary>
public sealed class CsvSeries
{
    private CsvSeries(string[] columns, float[] values, string[]? times) => (Columns, Values, Times) = (columns, values, times);

    /// <summary>The names of the F columns of <see cref="Values"/>: the value column, then the covariates.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>(T, F) row-major.</summary>
    public float[] Values { get; }

    /// <summary>The time column's fields as written (not parsed), one per row, or null when none was asked for.</summary>
    public IReadOnlyList<string>? Times { get; }

    /// <summary>T, the number of rows.</summary>
    public int Steps => Values.Length / Features;

    /// <summary>F, the value column plus the covariates.</summary>
    public int Features => Columns.Count;

    /// <summary>Column <paramref name="feature"/> of <see cref="Values"/>, (T).</summary>
    public float[] Column(int feature)
    {
        if ((uint)feature >= (uint)Features) throw new ArgumentException($"Feature {feature} is outside [0, {Features}).");
        var column = new float[Steps];
        for (int t = 0; t < column.Length; t++) column[t] = Values[t * Features + feature];
        return column;
    }

    /// <param name="path">The CSV file; its first record is the header.</param>
    /// <param name="value">The column to forecast: feature 0.</param>
    /// <param name="covariates">More input columns, features 1, 2, ... in this order; none by default.</param>
    /// <param name="time">A column kept as text in <see cref="Times"/> (years, dates), or none.</param>
    /// <param name="missing">What a missing value is: an error (the default), or filled.</param>
    public static CsvSeries Read(string path, ColumnSelector value, IReadOnlyList<ColumnSelector>? covariates = null,
        ColumnSelector? time = null, MissingValues missing = MissingValues.Error)
    {
        if (!Enum.IsDefined(missing)) throw new ArgumentException($"Unknown missing-value policy {(int)missing}.");
        var records = DelimitedReader.Read(path, ',');
        var header = records[0];
        if (records.Count < 2) throw DataFile.Error(path, header.Line, "a header but no rows of data.");
        DelimitedReader.CheckWidths(path, records, header: true);
        int[] selected = [value.Resolve(path, header, true), .. (covariates ?? []).Select(c => c.Resolve(path, header, true))];
        for (int i = 1; i < selected.Length; i++)
            if (Array.IndexOf(selected, selected[i]) < i)
                throw new ArgumentException($"{path}: column \"{header.Fields[selected[i]]}\" is selected twice.");
        int? timeIndex = time?.Resolve(path, header, true);

        int steps = records.Count - 1, features = selected.Length;
        var values = new float[steps * features];
        var present = new bool[steps * features];
        for (int t = 0; t < steps; t++)
        {
            var record = records[t + 1];
            for (int f = 0; f < features; f++)
            {
                int c = selected[f];
                string field = record.Fields[c];
                if (IsMissing(field))
                {
                    if (missing == MissingValues.Error)
                        throw DataFile.Error(path, record.Lines[c], record.Columns[c], $"row {t}: missing value in column \"{header.Fields[c]}\" (--fill interpolate or previous repairs gaps).");
                    continue;
                }
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                    throw DataFile.Error(path, record.Lines[c], record.Columns[c], $"row {t}: '{field}' in column \"{header.Fields[c]}\" is not a number.");
                if (!float.IsFinite(v))
                    throw DataFile.Error(path, record.Lines[c], record.Columns[c], $"row {t}: '{field}' in column \"{header.Fields[c]}\" is not a finite 32-bit number.");
                values[t * features + f] = v;
                present[t * features + f] = true;
            }
        }
        if (missing != MissingValues.Error)
            for (int f = 0; f < features; f++) Fill(path, records, header.Fields[selected[f]], selected[f], values, present, f, features, missing);
        string[]? times = timeIndex is int ti ? records.Skip(1).Select(r => r.Fields[ti]).ToArray() : null;
        return new CsvSeries(selected.Select(c => header.Fields[c]).ToArray(), values, times);
    }

    private static bool IsMissing(string field)
    {
        var s = field.Trim();
        return s.Length == 0 || s.Equals("NA", StringComparison.OrdinalIgnoreCase) || s.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.Equals("null", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Fills the gaps of feature f: x_t = x_a + (x_b − x_a)·(t − a)/(b − a) between present rows a &lt; t &lt; b, or x_t = x_a.</summary>
    private static void Fill(string path, List<DelimitedRecord> records, string name, int c, float[] values, bool[] present,
        int f, int features, MissingValues missing)
    {
        int steps = present.Length / features, last = -1;
        for (int t = 0; t < steps; t++)
        {
            if (present[t * features + f]) { last = t; continue; }
            var record = records[t + 1];
            if (last < 0)
                throw DataFile.Error(path, record.Lines[c], record.Columns[c],
                    $"row {t}: missing value in column \"{name}\" with no value above it to {(missing == MissingValues.Previous ? "carry forward" : "interpolate from")}.");
            if (missing == MissingValues.Previous) { values[t * features + f] = values[last * features + f]; continue; }
            int next = t + 1;
            while (next < steps && !present[next * features + f]) next++;
            if (next == steps)
                throw DataFile.Error(path, record.Lines[c], record.Columns[c], $"row {t}: missing value in column \"{name}\" with no value below it to interpolate to.");
            float a = values[last * features + f], b = values[next * features + f];
            for (int k = t; k < next; k++) values[k * features + f] = a + (b - a) * (k - last) / (next - last);
            t = next - 1;
        }
    }
}
