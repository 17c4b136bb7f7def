using Recurrent.Layers;

namespace Recurrent.Tests.Reference;

/// <summary>
/// A plain double-precision recurrent stack, written from PyTorch's equations one sequence at a time — independent
/// of the fast batched code. It is the oracle for finite-difference gradient checks (float32 differences are too noisy).
/// Layouts: x (T, B, I), states (L·D, B, H), output (T, B, D·H); parameters by PyTorch name, row-major.
/// </summary>
internal sealed record ReferenceStack(RecurrentMode Mode, int InputSize, int HiddenSize, int Layers, bool Bidirectional, bool Bias,
    Dictionary<string, double[]> Parameters)
{
    public int D => Bidirectional ? 2 : 1;

    public static ReferenceStack From(RecurrentLayer layer) => new(layer.Mode, layer.InputSize, layer.HiddenSize, layer.NumLayers,
        layer.Bidirectional, layer.Bias, layer.Parameters.ToDictionary(p => p.Name, p => p.Value.Span.ToArray().Select(v => (double)v).ToArray()));

    public (double[] Output, double[] Hn, double[] Cn) Forward(double[] x, int T, int B, double[]? h0, double[]? c0, int[]? lengths)
    {
        int H = HiddenSize, DH = D * H;
        var hn = new double[Layers * D * B * H];
        var cn = new double[Layers * D * B * H];
        double[] input = x;
        int inputWidth = InputSize;
        double[] output = [];
        for (int k = 0; k < Layers; k++)
        {
            output = new double[T * B * DH];
            for (int d = 0; d < D; d++)
            {
                string sfx = $"_l{k}{(d == 1 ? "_reverse" : "")}";
                var wih = Parameters["weight_ih" + sfx];
                var whh = Parameters["weight_hh" + sfx];
                var bih = Bias ? Parameters["bias_ih" + sfx] : null;
                var bhh = Bias ? Parameters["bias_hh" + sfx] : null;
                int state = k * D + d;
                for (int b = 0; b < B; b++)
                {
                    int len = lengths?[b] ?? T;
                    var h = new double[H];
                    var c = new double[H];
                    if (h0 is not null) Array.Copy(h0, (state * B + b) * H, h, 0, H);
                    if (c0 is not null) Array.Copy(c0, (state * B + b) * H, c, 0, H);
                    for (int s = 0; s < len; s++)
                    {
                        int t = d == 0 ? s : len - 1 - s;
                        var xt = new ArraySegment<double>(input, (t * B + b) * inputWidth, inputWidth);
                        (h, c) = Step(wih, whh, bih, bhh, xt, h, c);
                        Array.Copy(h, 0, output, (t * B + b) * DH + d * H, H);
                    }
                    Array.Copy(h, 0, hn, (state * B + b) * H, H);
                    Array.Copy(c, 0, cn, (state * B + b) * H, H);
                }
            }
            input = output;
            inputWidth = DH;
        }
        return (output, hn, cn);
    }

    private (double[] H, double[] C) Step(double[] wih, double[] whh, double[]? bih, double[]? bhh, IList<double> x, double[] h, double[] c)
    {
        int H = HiddenSize, G = Mode.GateCount() * H, I = x.Count;
        var xi = new double[G];   // W_ih x + b_ih
        var hh = new double[G];   // W_hh h + b_hh
        for (int g = 0; g < G; g++)
        {
            double s = bih?[g] ?? 0, r = bhh?[g] ?? 0;
            for (int i = 0; i < I; i++) s += wih[g * I + i] * x[i];
            for (int j = 0; j < H; j++) r += whh[g * H + j] * h[j];
            xi[g] = s; hh[g] = r;
        }
        var hNew = new double[H];
        var cNew = new double[H];
        for (int j = 0; j < H; j++)
        {
            switch (Mode)
            {
                case RecurrentMode.RnnTanh: hNew[j] = Math.Tanh(xi[j] + hh[j]); break;
                case RecurrentMode.RnnRelu: hNew[j] = Math.Max(0, xi[j] + hh[j]); break;
                case RecurrentMode.Lstm:
                    double ig = Sigmoid(xi[j] + hh[j]), fg = Sigmoid(xi[H + j] + hh[H + j]);
                    double gg = Math.Tanh(xi[2 * H + j] + hh[2 * H + j]), og = Sigmoid(xi[3 * H + j] + hh[3 * H + j]);
                    cNew[j] = fg * c[j] + ig * gg;
                    hNew[j] = og * Math.Tanh(cNew[j]);
                    break;
                case RecurrentMode.Gru:
                    double r = Sigmoid(xi[j] + hh[j]), z = Sigmoid(xi[H + j] + hh[H + j]);
                    double n = Math.Tanh(xi[2 * H + j] + r * hh[2 * H + j]);
                    hNew[j] = (1 - z) * n + z * h[j];
                    break;
            }
        }
        return (hNew, cNew);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>L = Σ output ⊙ R + Σ h_n ⊙ Rh (+ Σ c_n ⊙ Rc), the fixtures' loss.</summary>
    public double Loss(double[] x, int T, int B, double[]? h0, double[]? c0, int[]? lengths, double[] r, double[] rh, double[]? rc)
    {
        var (output, hn, cn) = Forward(x, T, B, h0, c0, lengths);
        double loss = 0;
        for (int i = 0; i < output.Length; i++) loss += output[i] * r[i];
        for (int i = 0; i < hn.Length; i++) loss += hn[i] * rh[i];
        if (rc is not null) for (int i = 0; i < cn.Length; i++) loss += cn[i] * rc[i];
        return loss;
    }

    /// <summary>Central differences of <paramref name="loss"/> with respect to every element of <paramref name="values"/> (perturbed in place, restored).</summary>
    public static double[] NumericGradient(double[] values, Func<double> loss, double eps = 1e-6)
    {
        var grad = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double keep = values[i];
            values[i] = keep + eps; double up = loss();
            values[i] = keep - eps; double down = loss();
            values[i] = keep;
            grad[i] = (up - down) / (2 * eps);
        }
        return grad;
    }
}
