using System.CommandLine;
using Recurrent.Serialization.Onnx;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn onnx conformance DIR...</c>: ONNX's own operator test cases (or any in their layout) run by the importer.</summary>
internal static class OnnxCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Case folders (model.onnx, test_data_set_N/), or folders of them", Arity = ArgumentArity.OneOrMore };
        var conformance = new Command("conformance", "Run ONNX test cases with Recurrent's importer: one line per case, then the counts") { folders };
        conformance.SetAction(p => CliErrors.Guard(() =>
        {
            var cases = OnnxConformance.Cases(p.GetValue(folders)!);
            if (cases.Count == 0) throw new ArgumentException("No test cases (folders holding model.onnx) under the folders given.");
            var outcomes = cases.Select(OnnxConformance.Run).ToList();
            foreach (var o in outcomes) Console.WriteLine(o.Result == "refused" ? $"{o.Name}: refused: {o.Detail}" : $"{o.Name}: {o.Result} ({o.Detail})");
            int passed = outcomes.Count(o => o.Result == "passed"), failed = outcomes.Count(o => o.Result == "failed");
            Console.WriteLine($"{passed} passed, {failed} failed, {outcomes.Count - passed - failed} refused");
            return failed == 0 ? 0 : 1;
        }));
        return new Command("onnx", "ONNX import: run ONNX graphs with Recurrent's layers") { conformance };
    }
}
