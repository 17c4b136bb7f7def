using Recurrent.Kernels;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Kernels;

/// <summary>How the kernels' width is chosen: the override, the fallback without AVX-512, the measurement, the report.</summary>
[Collection("console")]
public sealed class VectorWidthTests
{
    [Fact]
    public void The_override_forces_256_or_512_where_the_cpu_runs_it()
    {
        Assert.Equal((256, "RECURRENT_VECTOR_BITS=256", (string?)null), VectorWidth.Choose("256"));
        var forced512 = VectorWidth.Choose(" 512 ");
        if (VectorWidth.Supports512) Assert.Equal((512, "RECURRENT_VECTOR_BITS=512", (string?)null), forced512);
        else
        {
            Assert.Equal(256, forced512.Bits);
            Assert.Contains("lacks", forced512.Warning);
        }
    }

    [Fact]
    public void An_unknown_override_is_named_and_the_width_is_measured()
    {
        var choice = VectorWidth.Choose("wide");
        Assert.Equal("RECURRENT_VECTOR_BITS=wide is not 256, 512 or auto: measuring instead.", choice.Warning);
        Assert.Contains(choice.Bits, GemmTests.Widths);
        Assert.Null(VectorWidth.Choose("auto").Warning);
        Assert.Null(VectorWidth.Choose(null).Warning);
    }

    [Fact]
    public void Without_an_override_512_bits_are_chosen_only_where_they_measure_faster()
    {
        var choice = VectorWidth.Choose(null);
        if (!VectorWidth.Supports512)
        {
            Assert.Equal((256, "no AVX-512 on this CPU", (string?)null), choice);
            return;
        }
        // The decision quotes the measured ratio, and follows the threshold.
        var quoted = double.Parse(System.Text.RegularExpressions.Regex.Match(choice.Reason, @"(\d+\.\d+)x").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(choice.Bits == 512, choice.Reason.StartsWith("measured: 512-bit FMA ") && !choice.Reason.Contains("only"));
        Assert.True(choice.Bits == 512 ? quoted >= VectorWidth.FullRateRatio - 0.005 : quoted < VectorWidth.FullRateRatio + 0.005, choice.Reason);
    }

    [Fact]
    public void A_forced_width_is_the_width_this_process_runs()
    {
        var forced = Environment.GetEnvironmentVariable(VectorWidth.EnvironmentVariable);
        if (forced is "256" or "512") Assert.Equal(VectorWidth.Usable(int.Parse(forced)), VectorWidth.Bits);
        else Assert.Contains(VectorWidth.Bits, GemmTests.Widths);
    }

    [Fact]
    public void The_fma_rates_are_measured_at_both_widths()
    {
        var (rate256, rate512) = VectorWidth.MeasureFmaRates(iterations: 10_000, repeats: 3);
        Assert.True(rate256 > 1, $"256-bit FMA rate {rate256} GFLOP/s");
        Assert.Equal(VectorWidth.Supports512, rate512 > 1);
    }

    [Fact]
    public void Version_reports_the_width_and_why()
    {
        var r = CliRun.Run("--version");
        Assert.Equal(0, r.Exit);
        Assert.Contains($"kernels: {VectorWidth.Bits}-bit vectors ({VectorWidth.Reason})", r.Out);
    }
}
