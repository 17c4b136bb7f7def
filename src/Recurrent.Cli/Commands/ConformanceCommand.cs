using System.CommandLine;
using System.Globalization;
using Recurrent.Interop;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn conformance DIR</c>: runs every PyTorch reference case in DIR, one line each, then "N passed, M failed".</summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "Folder of *.safetensors reference cases (e.g. tests/Recurrent.Tests/fixtures/torch-rnn)" };
        var command = new Command("conformance", "Check forward outputs and every gradient against PyTorch reference cases") { directory };
        command.SetAction(parse => CliErrors.Guard(() => Run(parse.GetValue(directory)!)));
        return command;
    }

    private static int Run(string directory)
    {
        var results = TorchConformance.RunDirectory(directory);
        int passed = 0;
        double largest = 0;
        string largestWhere = "-";
        foreach (var r in results)
        {
            string verdict = r.Passed ? "pass" : "FAIL";
            string detail = r.Error ?? $"max |diff| {r.LargestDifference.ToString("0.00e+00", CultureInfo.InvariantCulture)} in {r.WorstTensor}";
            Console.WriteLine($"{verdict}  {r.File}  {r.Configuration}  {detail}");
            if (r.Passed) passed++;
            if (r.LargestDifference > largest) (largest, largestWhere) = (r.LargestDifference, $"{r.File} {r.WorstTensor}");
        }
        Console.WriteLine($"largest difference over all cases: {largest.ToString("0.00e+00", CultureInfo.InvariantCulture)} ({largestWhere})");
        Console.WriteLine($"{passed} passed, {results.Count - passed} failed");
        return passed == results.Count ? 0 : 1;
    }
}
