using System.CommandLine;
using Recurrent.Training;

namespace Recurrent.Cli.Commands;

/// <summary>
/// The options every training command shares, bound to <see cref="TrainingConfig"/>; a task command adds only its data
/// and model options. Defaults come from the task's <see cref="TrainingConfig"/> (each field's reason is documented there).
/// </summary>
internal sealed class TrainingOptions
{
    private readonly Option<int> _batch, _steps, _evalInterval, _warmup, _patience, _threads;
    private readonly Option<float> _lr, _clip, _weightDecay, _momentum;
    private readonly Option<double> _minutes;
    private readonly Option<ulong> _seed;
    private readonly Option<string> _out, _optimizer;
    private readonly Option<bool> _resume;

    public TrainingOptions(TrainingConfig defaults, string defaultOut)
    {
        _batch = new("--batch") { Description = "Examples (sequences) per step", DefaultValueFactory = _ => defaults.Batch };
        _lr = new("--lr") { Description = "Peak learning rate (cosine decay to lr/10)", DefaultValueFactory = _ => defaults.LearningRate };
        _clip = new("--clip") { Description = "Clip gradients to this global norm (0 = off)", DefaultValueFactory = _ => defaults.Clip };
        _optimizer = new("--optimizer") { Description = "adamw, or sgd (with --momentum)", DefaultValueFactory = _ => defaults.Optimizer };
        _momentum = new("--momentum") { Description = "SGD's momentum (0 = plain SGD)", DefaultValueFactory = _ => defaults.Momentum };
        _weightDecay = new("--weight-decay") { Description = "Weight decay (AdamW's decoupled; SGD's L2)", DefaultValueFactory = _ => defaults.WeightDecay };
        _steps = new("--steps") { Description = "Training steps", DefaultValueFactory = _ => defaults.Steps };
        _minutes = new("--minutes") { Description = "Stop after this many minutes (0 = no cap); without --steps the learning-rate schedule is fitted to end then", DefaultValueFactory = _ => defaults.Minutes };
        _seed = new("--seed") { Description = "Random seed", DefaultValueFactory = _ => defaults.Seed };
        _evalInterval = new("--eval-interval") { Description = "Steps between evaluations and checkpoints", DefaultValueFactory = _ => defaults.EvalInterval };
        _warmup = new("--warmup") { Description = "Learning-rate warm-up steps", DefaultValueFactory = _ => defaults.WarmupSteps };
        _patience = new("--patience") { Description = "Stop after this many evaluations without improvement (0 = never)", DefaultValueFactory = _ => defaults.Patience };
        _threads = new("--threads") { Description = "Kernel threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        _out = new("--out") { Description = "Output folder for checkpoint.safetensors, best.safetensors and the plots", DefaultValueFactory = _ => defaultOut };
        _resume = new("--resume") { Description = "Continue the run saved in --out (same data)" };
    }

    private Option[] All => [_batch, _lr, _clip, _optimizer, _momentum, _weightDecay, _steps, _minutes, _seed, _evalInterval, _warmup, _patience, _threads, _out, _resume];

    public void AddTo(Command command)
    {
        foreach (var o in All)
            command.Options.Add(o);
    }

    public TrainingConfig Read(ParseResult p) => new()
    {
        Batch = p.GetValue(_batch), LearningRate = p.GetValue(_lr), MinLearningRate = p.GetValue(_lr) / 10, Clip = p.GetValue(_clip),
        Optimizer = p.GetValue(_optimizer)!, Momentum = p.GetValue(_momentum),
        WeightDecay = p.GetValue(_weightDecay), Steps = p.GetValue(_steps), Minutes = p.GetValue(_minutes), Seed = p.GetValue(_seed),
        EvalInterval = p.GetValue(_evalInterval), WarmupSteps = p.GetValue(_warmup), Patience = p.GetValue(_patience),
        // --minutes without --steps: the schedule ends with the time (TrainingConfig.FitToMinutes).
        FitToMinutes = Given(p, "--minutes") && !Given(p, "--steps"),
    };

    /// <summary>Whether an option (by name, "--steps") was given on the command line rather than left at its default.</summary>
    public bool Given(ParseResult p, string name) =>
        All.Single(o => o.Name == name) is var option && p.GetResult(option) is { Implicit: false };

    /// <summary>
    /// Defaults fitted to a data set of <paramref name="examples"/> items, each kept where the option was given: steps
    /// for <paramref name="epochs"/> epochs (within [<paramref name="minSteps"/>, <paramref name="maxSteps"/>]), an
    /// evaluation every epoch (at most every <paramref name="maxEvalInterval"/> steps), warm-up at most a tenth of the run.
    /// </summary>
    public TrainingConfig FitToEpochs(ParseResult p, TrainingConfig config, int examples, int epochs,
        int minSteps = 1, int maxSteps = int.MaxValue, int maxEvalInterval = 500)
    {
        int epoch = Math.Max(1, (Math.Max(1, examples) + config.Batch - 1) / config.Batch);
        if (!Given(p, "--steps")) config = config with { Steps = (int)Math.Clamp((long)epochs * epoch, minSteps, maxSteps) };
        if (!Given(p, "--eval-interval")) config = config with { EvalInterval = Math.Clamp(epoch, 1, maxEvalInterval) };
        if (!Given(p, "--warmup")) config = config with { WarmupSteps = Math.Min(config.WarmupSteps, config.Steps / 10) };
        return config;
    }

    public string OutDir(ParseResult p) => p.GetValue(_out)!;
    public bool Resume(ParseResult p) => p.GetValue(_resume);

    /// <summary>--steps when given on the command line (a resume keeps the checkpoint's otherwise).</summary>
    public int? StepsGiven(ParseResult p) => p.GetResult(_steps) is { Implicit: false } ? p.GetValue(_steps) : null;

    public int Threads(ParseResult p) =>
        p.GetValue(_threads) is var t && t >= 1 ? t : throw new ArgumentException($"--threads must be positive, got {p.GetValue(_threads)}.");
}
