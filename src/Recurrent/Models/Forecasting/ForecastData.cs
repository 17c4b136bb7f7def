using System.Security.Cryptography;
using Recurrent.Data;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// A forecasting run's series, read by <see cref="CsvSeries"/> and cut at the end of the test part (rows from
/// <see cref="ForecastTaskConfig.TestTo"/> on are never read into memory), with its split and its hash.
/// </summary>
public sealed class ForecastData
{
    private ForecastData(ForecastTaskConfig config, ObservedSeries series, IReadOnlyList<string>? times, string hash) =>
        (Config, Series, Times, Hash) = (config, series, times, hash);

    public ForecastTaskConfig Config { get; }

    /// <summary>Rows [0, TestTo) on the file's scale: the value, then the covariates.</summary>
    public ObservedSeries Series { get; }

    /// <summary>The time column's labels of those rows, or null.</summary>
    public IReadOnlyList<string>? Times { get; }

    /// <summary>The file's SHA-256 (16 hex digits) with the columns read: a resume refuses other data.</summary>
    public string Hash { get; }

    public int TrainRows => Config.ValFrom;

    /// <summary>The label of row t: its time when there is a time column, else the row number.</summary>
    public string Label(int t) => Times is { } times && t < times.Count ? times[t] : t.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The whole file as <see cref="CsvSeries"/> reads it with the config's columns (for splits before they are fixed).</summary>
    public static CsvSeries ReadCsv(ForecastTaskConfig config) =>
        CsvSeries.Read(PathOf(config.Csv), config.Column, [.. config.Covariates.Select(c => (ColumnSelector)c)],
            config.Time is { } time ? ColumnSelector.Named(time) : (ColumnSelector?)null, Missing(config.Fill));

    public static ForecastData Load(ForecastTaskConfig config)
    {
        config.Validate();
        var csv = ReadCsv(config);
        if (config.TestTo > csv.Steps)
            throw new ArgumentException($"{config.Csv}: the test part ends at row {config.TestTo}, but the file has {csv.Steps} rows (0 … {csv.Steps - 1}).");
        var series = new ObservedSeries(csv.Values.AsSpan(0, config.TestTo * csv.Features).ToArray(), csv.Features);
        string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(PathOf(config.Csv))))[..16] + ":" + string.Join(",", csv.Columns);
        return new ForecastData(config, series, csv.Times?.Take(config.TestTo).ToArray(), hash);
    }

    /// <summary>Where a recorded CSV is: <c>bundled:NAME</c> is a data set shipped in <c>data/</c> beside the application
    /// (so a demo checkpoint opens wherever the tool is installed), anything else a path.</summary>
    public static string PathOf(string csv) =>
        csv.StartsWith(Bundled, StringComparison.Ordinal) ? Path.Combine(AppContext.BaseDirectory, "data", csv[Bundled.Length..]) : csv;

    public const string Bundled = "bundled:";

    public static MissingValues Missing(string fill) => fill switch
    {
        "error" => MissingValues.Error,
        "interpolate" => MissingValues.Interpolate,
        "previous" => MissingValues.Previous,
        _ => throw new ArgumentException($"--fill must be interpolate or previous, got '{fill}'."),
    };
}
