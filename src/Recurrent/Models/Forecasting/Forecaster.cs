using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Tensors;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The recurrent forecaster, the seeds' RnnModel grown up: standardised rows x_t (F features) → recurrent stack
/// (LSTM, GRU or RNN; L layers) → Dropout → Linear(H, O) at every step:
///   recursive: y_t = x̂_(t+1), all F features one step ahead (O = F);
///   direct:    y_t = (v̂_(t+1), …, v̂_(t+H)), the value H steps ahead (O = H).
/// Forward takes and returns the state, so a forecast can carry it along the series (stateful) or start from zero
/// in each window (windowed). Trained on every step of a window: the loss is the mean squared error of y_t against
/// what followed step t (<see cref="StepTargets"/>), so one window gives τ examples.
/// State-dict names: <c>rnn.weight_ih_l0</c> …, <c>linear.weight</c>, <c>linear.bias</c>; with
/// <see cref="ForecasterConfig.SeedRnn"/> exactly the seeds' RnnModel (nn.RNN(1, 32) and nn.Linear(32, 1)).
/// </summary>
public sealed class Forecaster : Module
{
    private readonly Layers.Dropout _dropout;
    private readonly Linear _linear;
    private readonly Parameter[] _parameters;

    public Forecaster(ForecasterConfig config, Rng rng)
    {
        config.Validate();
        Config = config;
        Recurrent = RecurrentLayer.Create(config.RecurrentMode, config.Features, config.HiddenSize, config.Layers, dropout: config.Dropout, rng: rng);
        _dropout = new Layers.Dropout(config.Dropout, rng);
        _linear = new Linear(config.HiddenSize, config.Outputs, rng: rng);
        _parameters = [.. Recurrent.Parameters.Select(p => p.WithPrefix("rnn")), .. _linear.Parameters.Select(p => p.WithPrefix("linear"))];
    }

    public ForecasterConfig Config { get; }

    /// <summary>The recurrent stack (parameters <c>rnn.*</c>).</summary>
    public RecurrentLayer Recurrent { get; }

    public override IReadOnlyList<Parameter> Parameters => _parameters;
    protected override IEnumerable<Module> Children => [Recurrent, _dropout, _linear];

    /// <summary>x (T, B, F) and the state (h, c: (L, B, H); null = zeros) → y (T, B, O) and the state after step T − 1.</summary>
    public (Variable Output, RecurrentVariables State) Forward(Variable x, Variable? h = null, Variable? c = null)
    {
        int T = x.Value.Size(0), B = x.Value.Size(1);
        if (x.Value.Rank != 3 || x.Value.Size(2) != Config.Features)
            throw new ArgumentException($"A forecaster of {Config.Features} features takes (T, B, {Config.Features}) rows, got {x.Value.ShapeString}.");
        var state = Recurrent.Forward(x, h, c);
        var top = _dropout.Forward(Ops.Reshape(state.Output, T * B, Config.HiddenSize));
        return (Ops.Reshape(_linear.Forward(top), T, B, Config.Outputs), state);
    }

    /// <summary>
    /// What each step of a window should have predicted, (τ, B, O) from a batch of τ input rows and the rows after them:
    /// recursive, target[t, b, f] = x[s_b + t + 1, f]; direct, target[t, b, j] = v[s_b + t + 1 + j], j &lt; H.
    /// The batch's targets must hold the rows after the window (all F features for recursive, the value for direct).
    /// </summary>
    public Tensor StepTargets(Data.SeriesBatch batch)
    {
        int tau = batch.Window, B = batch.Size, F = batch.Features, K = batch.TargetFeatures, O = Config.Outputs;
        int ahead = Config.Direct ? Config.Horizon : 1, columns = Config.Direct ? 1 : F;
        if (batch.Horizon < ahead || K != columns)
            throw new ArgumentException($"A batch of {batch.Horizon} rows after the window and {K} target columns cannot train a model predicting {ahead} step(s) of {columns} column(s).");
        var targets = new float[tau * B * O];
        for (int t = 0; t < tau; t++)
            for (int b = 0; b < B; b++)
                for (int j = 0; j < ahead; j++)
                    for (int k = 0; k < columns; k++)
                    {
                        int q = t + 1 + j;   // the row after the window's start that step t, output j predicts
                        float v = q < tau ? batch.Inputs[(q * B + b) * F + k] : batch.Targets[((q - tau) * B + b) * K + k];
                        targets[(t * B + b) * O + j * columns + k] = v;
                    }
        return Tensor.FromArray(targets, tau, B, O);
    }

    /// <summary>The training loss of a batch from a given state: mean squared error over every step and output; and the state after it.</summary>
    public (Variable Loss, RecurrentVariables State) Loss(Data.SeriesBatch batch, Variable? h = null, Variable? c = null)
    {
        var x = new Variable(Tensor.FromArray(batch.Inputs, batch.Window, batch.Size, batch.Features));
        var (y, state) = Forward(x, h, c);
        return (Losses.Loss.MeanSquaredError(y, StepTargets(batch)), state);
    }
}
