using Recurrent.Autograd;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// A trained <see cref="Forecaster"/> with its scaler, as an <see cref="ISeriesForecaster"/>: many origins at once,
/// in evaluation mode and without a graph.
///   windowed:  the τ rows before the origin, from a zero state; recursive forecasts slide the window over each
///              prediction (τ steps per step ahead), direct ones read the H outputs of the last step.
///   stateful:  one pass over the series from row 0 keeps the state after every row; a forecast from origin o starts
///              from the state after row o − 1, and a recursive one feeds each prediction back as the next row.
/// </summary>
public sealed class RecurrentForecaster(Forecaster model, SeriesScaler scaler, string name = "rnn") : ISeriesForecaster
{
    /// <summary>Origins forecast together in the windowed mode (bounds the batch for long series).</summary>
    private const int OriginsPerBatch = 512;

    public Forecaster Model => model;
    public SeriesScaler Scaler => scaler;
    public string Name => name;
    public int History => model.Config.Stateful ? 1 : model.Config.Window;

    public double[][] Forecast(ObservedSeries series, IReadOnlyList<int> origins, int horizon)
    {
        var config = model.Config;
        if (series.Features != config.Features || scaler.Features != config.Features)
            throw new ArgumentException($"The model reads {config.Features} features per row; the series has {series.Features}.");
        if (horizon < 1) throw new ArgumentException($"The horizon must be positive, got {horizon}.");
        if (config.Direct && horizon > config.Horizon)
            throw new ArgumentException($"A direct model forecasts at most {config.Horizon} steps ahead (its outputs), asked for {horizon}.");
        foreach (int o in origins) Forecasts.CheckOrigin(this, series, o);
        if (origins.Count == 0) return [];
        var z = scaler.Transform(series.Values);
        using (model.Inference())
        {
            if (config.Stateful) return Stateful(z, origins, horizon);
            var result = new double[origins.Count][];
            for (int start = 0; start < origins.Count; start += OriginsPerBatch)
            {
                var chunk = origins.Skip(start).Take(OriginsPerBatch).ToArray();
                Windowed(z, chunk, horizon).CopyTo(result, start);
            }
            return result;
        }
    }

    private double[][] Windowed(float[] z, int[] origins, int horizon)
    {
        var config = model.Config;
        int tau = config.Window, B = origins.Length, F = config.Features, O = config.Outputs;
        var window = new float[tau * B * F];
        for (int t = 0; t < tau; t++)
            for (int b = 0; b < B; b++) z.AsSpan((origins[b] - tau + t) * F, F).CopyTo(window.AsSpan((t * B + b) * F, F));
        var result = origins.Select(_ => new double[horizon]).ToArray();
        for (int j = 0; j < (config.Direct ? 1 : horizon); j++)
        {
            var y = model.Forward(new Variable(Tensor.FromArray(window, tau, B, F))).Output.Value.Span;
            var last = y[((tau - 1) * B * O)..];                                          // (B, O) at step τ − 1
            for (int b = 0; b < B; b++)
            {
                if (config.Direct)
                    for (int k = 0; k < horizon; k++) result[b][k] = scaler.Inverse(last[b * O + k]);
                else result[b][j] = scaler.Inverse(last[b * O]);
            }
            if (config.Direct) break;
            // Slide: drop the oldest row, append the prediction (all F features) as the newest.
            window.AsSpan(B * F).CopyTo(window);
            last[..(B * F)].CopyTo(window.AsSpan((tau - 1) * B * F));
        }
        return result;
    }

    private double[][] Stateful(float[] z, IReadOnlyList<int> origins, int horizon)
    {
        var config = model.Config;
        int F = config.Features, O = config.Outputs, B = origins.Count, last = origins.Max();
        // One pass, a row at a time: the output after row t and the state after it.
        var outputs = new float[last][];
        var hs = new Tensor[last];
        var cs = new Tensor?[last];
        Variable? h = null, c = null;
        for (int t = 0; t < last; t++)
        {
            var (y, state) = model.Forward(new Variable(Tensor.FromArray(z.AsSpan(t * F, F).ToArray(), 1, 1, F)), h, c);
            (h, c) = (state.HiddenState, state.CellState);
            (outputs[t], hs[t], cs[t]) = (y.Value.Span.ToArray(), h.Value.Clone(), c?.Value.Clone());
        }
        var result = origins.Select(_ => new double[horizon]).ToArray();
        for (int b = 0; b < B; b++)
            for (int k = 0; k < (config.Direct ? horizon : 1); k++) result[b][k] = scaler.Inverse(outputs[origins[b] - 1][k]);
        if (config.Direct || horizon == 1) return result;

        // Recursive: the B states side by side, then each prediction fed back as the next row.
        var hb = Gather(hs, origins);
        var cb = cs[0] is null ? null : Gather(cs!, origins);
        var row = new float[B * F];
        for (int b = 0; b < B; b++) outputs[origins[b] - 1].AsSpan(0, F).CopyTo(row.AsSpan(b * F, F));
        Variable hv = new(hb), cv = cb is null ? null! : new Variable(cb);
        for (int j = 1; j < horizon; j++)
        {
            var (y, state) = model.Forward(new Variable(Tensor.FromArray(row, 1, B, F)), hv, cb is null ? null : cv);
            (hv, cv) = (state.HiddenState, state.CellState!);
            var values = y.Value.Span;
            for (int b = 0; b < B; b++) result[b][j] = scaler.Inverse(values[b * O]);
            row = values.ToArray();
        }
        return result;
    }

    /// <summary>States (L, 1, H) after rows o_b − 1 → (L, B, H).</summary>
    private static Tensor Gather(Tensor[] states, IReadOnlyList<int> origins)
    {
        int L = states[0].Size(0), H = states[0].Size(2), B = origins.Count;
        var gathered = Tensor.Zeros(L, B, H);
        for (int b = 0; b < B; b++)
        {
            var s = states[origins[b] - 1].Span;
            for (int l = 0; l < L; l++) s.Slice(l * H, H).CopyTo(gathered.Span.Slice((l * B + b) * H, H));
        }
        return gathered;
    }
}
