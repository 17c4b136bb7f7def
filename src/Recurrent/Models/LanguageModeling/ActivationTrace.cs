using Recurrent.Layers;
using Recurrent.Kernels;

namespace Recurrent.Models.LanguageModeling;

/// <summary>
/// What one layer of a language model computes at every token of a text, for looking inside it (Karpathy, Johnson and
/// Fei-Fei, "Visualizing and Understanding Recurrent Networks", 2015): the hidden state, and for an LSTM the gates and
/// the cell, each (T, H). Recomputed from the state dict, one token at a time from a zero state, in PyTorch's equations
/// (x is the token's embedding in layer 0 and the layer below's h above it; no dropout):
///   LSTM:  i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…)   (rows of W in the order i, f, g, o)
///          c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')
///   GRU:   r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(…), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///          h' = (1 − z) ⊙ n + z ⊙ h
///   RNN:   h' = tanh or relu(W_ih x + b_ih + W_hh h + b_hh)
/// Signals by cell: LSTM hidden, cell, input, forget, output, candidate; GRU hidden, reset, update, candidate; RNN hidden.
/// </summary>
public sealed class ActivationTrace
{
    private ActivationTrace(int layer, int hiddenSize, Dictionary<string, float[]> signals, int steps) =>
        (Layer, HiddenSize, Signals, Steps) = (layer, hiddenSize, signals, steps);

    public int Layer { get; }
    public int HiddenSize { get; }
    public int Steps { get; }

    /// <summary>Each signal's values, (T, H) row-major: <c>Signals["cell"][t * H + u]</c>.</summary>
    public IReadOnlyDictionary<string, float[]> Signals { get; }

    /// <summary>The signals a cell of this kind has, the hidden state first.</summary>
    public static string[] SignalsOf(RecurrentMode mode) => mode switch
    {
        RecurrentMode.Lstm => ["hidden", "cell", "input", "forget", "output", "candidate"],
        RecurrentMode.Gru => ["hidden", "reset", "update", "candidate"],
        _ => ["hidden"],
    };

    /// <summary>One signal of one unit over the text.</summary>
    public float[] Unit(string signal, int unit)
    {
        if (!Signals.TryGetValue(signal, out var values)) throw new ArgumentException($"this layer has no signal '{signal}' (it has {string.Join(", ", Signals.Keys)}).");
        if ((uint)unit >= (uint)HiddenSize) throw new ArgumentException($"unit {unit} is outside the layer's {HiddenSize} units.");
        var series = new float[Steps];
        for (int t = 0; t < Steps; t++) series[t] = values[t * HiddenSize + unit];
        return series;
    }

    /// <summary>
    /// Pearson's r of each unit's <paramref name="signal"/> with a feature of the text, r_u = cov(a_u, f) / (σ(a_u) σ(f));
    /// 0 for a unit that does not vary. A feature that does not vary (no quote in the text) is an error.
    /// </summary>
    public double[] Correlations(string signal, IReadOnlyList<double> feature)
    {
        if (feature.Count != Steps) throw new ArgumentException($"the feature has {feature.Count} values for {Steps} tokens.");
        double meanF = feature.Average(), varF = feature.Sum(f => (f - meanF) * (f - meanF));
        if (varF == 0) throw new ArgumentException("the feature has the same value at every token of this text, so nothing correlates with it; choose a text where it varies.");
        var r = new double[HiddenSize];
        for (int u = 0; u < HiddenSize; u++)
        {
            var a = Unit(signal, u);
            double meanA = a.Average(x => (double)x), cov = 0, varA = 0;
            for (int t = 0; t < Steps; t++) { cov += (a[t] - meanA) * (feature[t] - meanF); varA += (a[t] - meanA) * (a[t] - meanA); }
            r[u] = varA > 0 ? cov / Math.Sqrt(varA * varF) : 0;
        }
        return r;
    }

    public static ActivationTrace Run(LanguageModel model, ReadOnlySpan<int> tokens, int layer)
    {
        var c = model.Config;
        if ((uint)layer >= (uint)c.Layers) throw new ArgumentException($"layer {layer} is outside the model's {c.Layers} layers (0 … {c.Layers - 1}).");
        int T = tokens.Length, H = c.HiddenSize, G = c.Mode switch { RecurrentMode.Lstm => 4, RecurrentMode.Gru => 3, _ => 1 } * H;
        var weights = model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        float[] Weight(string name, int size) => weights.TryGetValue(name, out var w) ? w.Span.ToArray() : new float[size];
        var signals = SignalsOf(c.Mode).ToDictionary(s => s, _ => new float[T * H]);
        var embedding = weights["embedding.weight"].Span.ToArray();
        // The input of each step to the layer being traced: the layer below's hidden states, or the embeddings.
        var inputs = new float[T * Math.Max(c.EmbeddingSize, H)];
        int inputSize = c.EmbeddingSize;
        for (int t = 0; t < T; t++)
        {
            if ((uint)tokens[t] >= (uint)c.VocabSize) throw new ArgumentException($"token {tokens[t]} is outside the vocabulary of {c.VocabSize}.");
            embedding.AsSpan(tokens[t] * inputSize, inputSize).CopyTo(inputs.AsSpan(t * inputSize));
        }
        var hidden = new float[T * H];
        using (model.Inference())
        {
            for (int l = 0; l <= layer; l++)
            {
                var wIh = Weight($"rnn.weight_ih_l{l}", G * inputSize);
                var wHh = Weight($"rnn.weight_hh_l{l}", G * H);
                var bIh = Weight($"rnn.bias_ih_l{l}", G);
                var bHh = Weight($"rnn.bias_hh_l{l}", G);
                RunLayer(c.Mode, inputs, inputSize, T, H, wIh, wHh, bIh, bHh, hidden, l == layer ? signals : null);
                hidden.CopyTo(inputs, 0);
                inputSize = H;
            }
        }
        signals["hidden"] = hidden;
        return new ActivationTrace(layer, H, signals, T);
    }

    // One layer over the T inputs from a zero state: hidden (T, H) out, and the gates and cell when asked.
    private static void RunLayer(RecurrentMode mode, float[] inputs, int inputSize, int T, int H, float[] wIh, float[] wHh, float[] bIh, float[] bHh,
        float[] hidden, Dictionary<string, float[]>? signals)
    {
        int G = bIh.Length;
        float[] gx = new float[G], gh = new float[G], h = new float[H], cell = new float[H];
        for (int t = 0; t < T; t++)
        {
            // gx = W_ih x + b_ih, gh = W_hh h + b_hh
            bIh.CopyTo(gx, 0);
            bHh.CopyTo(gh, 0);
            Gemv.Multiply(G, inputSize, wIh, inputs.AsSpan(t * inputSize, inputSize), 1f, gx);
            Gemv.Multiply(G, H, wHh, h, 1f, gh);
            int row = t * H;
            for (int u = 0; u < H; u++)
            {
                switch (mode)
                {
                    case RecurrentMode.Lstm:
                        float i = Sigmoid(gx[u] + gh[u]), f = Sigmoid(gx[H + u] + gh[H + u]);
                        float g = MathF.Tanh(gx[2 * H + u] + gh[2 * H + u]), o = Sigmoid(gx[3 * H + u] + gh[3 * H + u]);
                        cell[u] = f * cell[u] + i * g;
                        h[u] = o * MathF.Tanh(cell[u]);
                        if (signals is not null)
                        {
                            signals["input"][row + u] = i; signals["forget"][row + u] = f; signals["output"][row + u] = o;
                            signals["candidate"][row + u] = g; signals["cell"][row + u] = cell[u];
                        }
                        break;
                    case RecurrentMode.Gru:
                        float r = Sigmoid(gx[u] + gh[u]), z = Sigmoid(gx[H + u] + gh[H + u]);
                        float n = MathF.Tanh(gx[2 * H + u] + r * gh[2 * H + u]);
                        h[u] = (1 - z) * n + z * h[u];
                        if (signals is not null) { signals["reset"][row + u] = r; signals["update"][row + u] = z; signals["candidate"][row + u] = n; }
                        break;
                    default:
                        float a = gx[u] + gh[u];
                        h[u] = mode == RecurrentMode.RnnRelu ? MathF.Max(a, 0f) : MathF.Tanh(a);
                        break;
                }
            }
            h.CopyTo(hidden, row);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
