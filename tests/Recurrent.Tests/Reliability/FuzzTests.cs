using Recurrent.Cli.Fuzzing;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Reliability;

/// <summary>`rnn fuzz`: a short seeded run over every reader finds no crash, and the fuzzer does report one when a reader has it.</summary>
[Collection("console")]
public sealed class FuzzTests : TempDirectoryTest
{
    [Fact]
    public void A_short_run_over_every_reader_reports_its_cases_and_no_crash()
    {
        var r = CliRun.Run("fuzz", "--cases", "3400", "--seed", "11");
        Assert.True(r.Exit == 0, r.Out + r.Error);
        Assert.Contains("3,400 cases, 0 crashes (seed 11, 17 readers", r.Out);
    }

    [Fact]
    public void A_reader_that_throws_another_exception_or_allocates_out_of_proportion_is_a_crash_with_its_case()
    {
        var seed = "abcdefgh"u8.ToArray();
        var throwing = new FuzzTarget("throwing", ".bin", [seed], p =>
        {
            if (File.ReadAllBytes(p).Length != seed.Length) throw new ArgumentException("not documented");
            throw new InvalidDataException("documented");
        });
        var greedy = new FuzzTarget("greedy", ".bin", [seed], p => GC.KeepAlive(new byte[Fuzzer.AllocationLimit(new FileInfo(p).Length) + 1]));
        var fuzzer = new Fuzzer([throwing, greedy], TempDirectory, seed: 3);
        var crashes = Enumerable.Range(0, 40).Select(i => fuzzer.Run(i)).OfType<Fuzzer.Crash>().ToList();
        Assert.Contains(crashes, c => c.Target == "throwing" && c.What == "ArgumentException: not documented");
        Assert.DoesNotContain(crashes, c => c.What.Contains("documented") && !c.What.Contains("not documented"));
        Assert.Equal(20, crashes.Count(c => c.Target == "greedy" && c.What.StartsWith("allocated ", StringComparison.Ordinal)));
        // Replaying a case gives the same file.
        Assert.Equal(fuzzer.Case(17).Bytes, new Fuzzer([throwing, greedy], TempDirectory, seed: 3).Case(17).Bytes);
    }
}
