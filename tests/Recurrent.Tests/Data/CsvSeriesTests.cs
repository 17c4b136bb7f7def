using Recurrent.Data;

namespace Recurrent.Tests.Data;

/// <summary>A series from a CSV with a header: a value column by name, covariates, a time column, fill policies, one-line errors.</summary>
public sealed class CsvSeriesTests : TempDirectoryTest
{
    private string Write(string text) => WriteFile("series.csv", text);

    [Fact]
    public void The_value_column_comes_first_then_the_covariates_in_the_order_asked()
    {
        var path = Write("\"YEAR\",\"SUNACTIVITY\",temp\n1700,5,1.5\n1701,11,-2e1\r\n1702,16.25,3\n");
        var series = CsvSeries.Read(path, "SUNACTIVITY", covariates: ["temp"], time: "YEAR");
        Assert.Equal(["SUNACTIVITY", "temp"], series.Columns);
        Assert.Equal((3, 2), (series.Steps, series.Features));
        Assert.Equal([5, 1.5f, 11, -20, 16.25f, 3], series.Values);
        Assert.Equal(["1700", "1701", "1702"], series.Times!);
        Assert.Equal([5, 11, 16.25f], series.Column(0));
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var path = Write("when,\"value, in \"\"units\"\"\",note\n\"a,b\",1,\"two\nlines\"\n c ,2,x\n");
        var series = CsvSeries.Read(path, "value, in \"units\"", time: "when");
        Assert.Equal([1, 2], series.Values);
        Assert.Equal(["a,b", " c "], series.Times!);
    }

    [Fact]
    public void Interpolation_fills_gaps_linearly_by_row_and_previous_carries_the_last_value()
    {
        var text = "t,x,y\n0,1,10\n1,,NA\n2,NaN,\n3,4,40\n4,5,null\n";
        var interpolated = CsvSeries.Read(Write(text.Replace("4,5,null", "4,5,50")), "x", ["y"], missing: MissingValues.Interpolate);
        Assert.Equal([1, 10, 2, 20, 3, 30, 4, 40, 5, 50], interpolated.Values);
        var previous = CsvSeries.Read(Write(text), "x", ["y"], missing: MissingValues.Previous);
        Assert.Equal([1, 10, 1, 10, 1, 10, 4, 40, 5, 40], previous.Values);
    }

    [Theory]
    [InlineData("t,x\n1,5\n2,\n3,7\n", MissingValues.Error, "3:3: row 1: missing value in column \"x\" (--fill interpolate or previous repairs gaps).")]
    [InlineData("t,x\n1,5\n2,abc\n3,\n", MissingValues.Interpolate, "3:3: row 1: 'abc' in column \"x\" is not a number.")]
    [InlineData("t,x\n1,5\n2,\"12,5\"\n", MissingValues.Previous, "3:3: row 1: '12,5' in column \"x\" is not a number.")]
    [InlineData("t,x\n1,1e39\n", MissingValues.Error, "2:3: row 0: '1e39' in column \"x\" is not a finite 32-bit number.")]
    [InlineData("t,x\n1,\n2,5\n", MissingValues.Previous, "2:3: row 0: missing value in column \"x\" with no value above it to carry forward.")]
    [InlineData("t,x\n1,\n2,5\n", MissingValues.Interpolate, "2:3: row 0: missing value in column \"x\" with no value above it to interpolate from.")]
    [InlineData("t,x\n1,4\n2,5\n3,NA\n", MissingValues.Interpolate, "4:3: row 2: missing value in column \"x\" with no value below it to interpolate to.")]
    [InlineData("t,x\n1,4\n2,5,6\n", MissingValues.Error, "3: 3 fields, but the header has 2.")]
    [InlineData("t,x\n1,\"4\n", MissingValues.Error, "2:3: a quoted field is not closed (no matching '\"').")]
    [InlineData("t,x\n1,\"4\"5\n", MissingValues.Error, "2:6: expected ',' or the end of the line after a closing quote, found '5'.")]
    [InlineData("t,x\n", MissingValues.Error, "1: a header but no rows of data.")]
    public void Bad_values_are_one_line_errors_naming_the_first_bad_row_and_column(string text, MissingValues missing, string where)
    {
        var path = Write(text);
        var e = Assert.Throws<InvalidDataException>(() => CsvSeries.Read(path, "x", missing: missing));
        Assert.Equal($"{path}:{where}", e.Message);
    }

    [Fact]
    public void An_unknown_column_names_the_header()
    {
        var path = Write("YEAR,SUNACTIVITY\n1700,5\n");
        var missing = Assert.Throws<InvalidDataException>(() => CsvSeries.Read(path, "year"));
        Assert.Equal($"{path}:1: no column \"year\" (the header has: YEAR, SUNACTIVITY).", missing.Message);
        var e = Assert.Throws<ArgumentException>(() => CsvSeries.Read(path, "SUNACTIVITY", ["SUNACTIVITY"]));
        Assert.Equal($"{path}: column \"SUNACTIVITY\" is selected twice.", e.Message);
    }
}
