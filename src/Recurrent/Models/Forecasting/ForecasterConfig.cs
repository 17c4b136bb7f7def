using System.Text.Json.Serialization;
using Recurrent.Layers;

namespace Recurrent.Models.Forecasting;

/// <summary>
/// The shape of a recurrent forecaster; saved as JSON (<c>model_config</c>) in every checkpoint. The defaults, each for a reason:
/// </summary>
/// <param name="Cell">gru: on short noisy series it trained as well as the LSTM with fewer weights and less
/// variance between seeds (docs/forecasting.md); lstm, rnn, rnn-relu also.</param>
/// <param name="HiddenSize">Sized to the data when not given (<see cref="HiddenFor"/>): 16 below 1,000 training rows, 32
/// below 10,000, 64 above.</param>
/// <param name="Layers">1: a second layer did not pay on any series tried.</param>
/// <param name="Dropout">0: between stacked layers and on the top layer's outputs; small data overfit less with weight decay and a short run.</param>
/// <param name="Features">F, the value column and the covariates: filled in from the data.</param>
/// <param name="Window">τ, the past steps a windowed model reads (and the length of a training window in both modes):
/// filled in from the data (<see cref="ForecastTaskConfig"/>).</param>
/// <param name="Strategy">recursive: one step ahead, predictions fed back for longer horizons (all F features are
/// predicted and fed back); direct: <see cref="Horizon"/> outputs, one per step ahead, of the value column only.</param>
/// <param name="Horizon">The outputs of a direct model (1 for recursive).</param>
/// <param name="Mode">windowed: each forecast reads the last τ rows from a zero state; stateful: the state is carried
/// over the whole series (training windows follow each other in streams, forecasts read everything before them).</param>
public sealed record ForecasterConfig(
    [property: JsonPropertyName("cell")] string Cell = "gru",
    [property: JsonPropertyName("hidden_size")] int HiddenSize = 32,
    [property: JsonPropertyName("layers")] int Layers = 1,
    [property: JsonPropertyName("dropout")] float Dropout = 0f,
    [property: JsonPropertyName("features")] int Features = 1,
    [property: JsonPropertyName("window")] int Window = 24,
    [property: JsonPropertyName("strategy")] string Strategy = "recursive",
    [property: JsonPropertyName("horizon")] int Horizon = 1,
    [property: JsonPropertyName("mode")] string Mode = "windowed")
{
    /// <summary>The seeds' RnnModel: nn.RNN(1, 32) with tanh, then nn.Linear(32, 1), its forward taking and returning the state.</summary>
    public static ForecasterConfig SeedRnn(ForecasterConfig others) => others with { Cell = "rnn", HiddenSize = 32, Layers = 1, Dropout = 0f };

    /// <summary>
    /// The default hidden size for a training part of <paramref name="trainRows"/> rows: 16 below 1,000 (yearly and
    /// monthly series: on sunspots, 221 rows, H = 32 overfit and varied twice as much between seeds as H = 16), 32
    /// below 10,000, 64 above.
    /// </summary>
    public static int HiddenFor(int trainRows) => trainRows < 1_000 ? 16 : trainRows < 10_000 ? 32 : 64;

    [JsonIgnore] public RecurrentMode RecurrentMode => RecurrentModeExtensions.ParseCellName(Cell);

    [JsonIgnore] public bool Direct => Strategy == "direct";

    [JsonIgnore] public bool Stateful => Mode == "stateful";

    /// <summary>What the linear layer writes at each step: F features one step ahead (recursive), or the value at each of H steps ahead (direct).</summary>
    [JsonIgnore] public int Outputs => Direct ? Horizon : Features;

    /// <summary>Throws a one-line error naming the first nonsensical field.</summary>
    public void Validate()
    {
        _ = RecurrentMode;
        if (HiddenSize < 1) throw new ArgumentException($"--hidden must be positive, got {HiddenSize}.");
        if (Layers < 1) throw new ArgumentException($"--layers must be positive, got {Layers}.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"--dropout must be in [0, 1), got {Dropout}.");
        if (Features < 1) throw new ArgumentException($"A forecaster needs at least one input feature, got {Features}.");
        if (Window < 1) throw new ArgumentException($"--window must be positive, got {Window}.");
        if (Strategy is not ("recursive" or "direct")) throw new ArgumentException($"--strategy must be recursive or direct, got '{Strategy}'.");
        if (Horizon < 1) throw new ArgumentException($"--horizon must be positive, got {Horizon}.");
        if (!Direct && Horizon != 1) throw new ArgumentException($"A recursive model predicts one step at a time (horizon 1), got horizon {Horizon}; use --strategy direct for more outputs.");
        if (Mode is not ("windowed" or "stateful")) throw new ArgumentException($"--mode must be windowed or stateful, got '{Mode}'.");
    }
}
