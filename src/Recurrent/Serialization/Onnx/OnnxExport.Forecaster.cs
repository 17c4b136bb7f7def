using Recurrent.Models.Forecasting;
using Recurrent.Serialization.Onnx.Proto;

namespace Recurrent.Serialization.Onnx;

public static partial class OnnxExport
{
    /// <summary>
    /// The forecaster's network, on scaled values (the metadata's scaler: z = (x − mean) / std per feature):
    ///   values (steps, batch, F) → recurrent stack (from initial_h/initial_c when given) → Linear(linear)
    ///   → outputs (steps, batch, O): the next row's F values (recursive) or the next O steps of the target (direct);
    ///   hidden, cell (L, batch, H): the state after the last step, for stateful forecasting.
    /// A recursive forecast feeds outputs back as values, as <see cref="RecurrentForecaster"/> does.
    /// </summary>
    private static ModelProto Forecaster(Forecaster model, OnnxExportOptions options, IReadOnlyDictionary<string, string> metadata)
    {
        var c = model.Config;
        var state = model.StateDict();
        var g = new OnnxGraph("forecaster");
        string values = g.Input("values", Float, "steps", "batch", c.Features);
        var (lengths, h0, c0) = OptionalInputs(g, options, c.RecurrentMode, c.Layers, c.HiddenSize, stateful: true);
        var r = OnnxRecurrent.Stack(g, "rnn", c.RecurrentMode, c.Layers, bidirectional: false, state, values, lengths, h0, c0);
        g.Named("outputs", "Identity", [Linear(g, state, "linear", r.Output)]);
        g.Output("outputs", Float, "steps", "batch", c.Outputs);
        StateOutputs(g, r, c.Layers, c.HiddenSize);
        return g.ToModel("Recurrent forecaster: the network on scaled values, one output row per input row.", metadata);
    }
}
