using System.CommandLine;
using System.Text.Json;
using Recurrent.Kernels;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli.Commands;

/// <summary><c>rnn train</c>: trains a character language model with a live progress bar, checkpoints and a loss plot.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new TrainingConfig();
        var text = new Option<string>("--text") { Description = "UTF-8 text file (default: the bundled Tiny Shakespeare)" };
        var corpus = new Option<string>("--corpus") { Description = "'brown' to train a word model on the bundled Brown corpus (every 10th file held out)" };
        var unit = new Option<string>("--unit") { Description = "char or word tokens", DefaultValueFactory = _ => "char" };
        var minCount = new Option<int>("--min-count") { Description = "Word models: rarer training words become <unk>", DefaultValueFactory = _ => 2 };
        var cell = new Option<string>("--cell") { Description = "lstm, gru, rnn (tanh) or rnn-relu", DefaultValueFactory = _ => "lstm" };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers", DefaultValueFactory = _ => 2 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size H", DefaultValueFactory = _ => 256 };
        var embedding = new Option<int>("--embedding") { Description = "Character embedding size", DefaultValueFactory = _ => 64 };
        var dropout = new Option<float>("--dropout") { Description = "Dropout between layers and before the decoder", DefaultValueFactory = _ => 0.1f };
        var seqLen = new Option<int>("--seq-len") { Description = "BPTT window length", DefaultValueFactory = _ => defaults.SeqLen };
        var batch = new Option<int>("--batch") { Description = "Sequences per step", DefaultValueFactory = _ => defaults.Batch };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (AdamW, cosine decay)", DefaultValueFactory = _ => defaults.LearningRate };
        var clip = new Option<float>("--clip") { Description = "Clip gradients to this global norm", DefaultValueFactory = _ => defaults.Clip };
        var steps = new Option<int>("--steps") { Description = "Training steps", DefaultValueFactory = _ => defaults.Steps };
        var minutes = new Option<double>("--minutes") { Description = "Stop after this many minutes (0 = no cap)", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => defaults.Seed };
        var bptt = new Option<string>("--bptt") { Description = "stateful (carry state across windows) or random (independent windows)", DefaultValueFactory = _ => defaults.Bptt };
        var evalInterval = new Option<int>("--eval-interval") { Description = "Steps between validation and checkpoints", DefaultValueFactory = _ => defaults.EvalInterval };
        var warmup = new Option<int>("--warmup") { Description = "Learning-rate warm-up steps", DefaultValueFactory = _ => defaults.WarmupSteps };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Output folder for checkpoint.safetensors and loss.png", DefaultValueFactory = _ => "runs/char-lm" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run saved in --out (same --text)" };
        var command = new Command("train", "Train a character-level recurrent language model")
            { text, corpus, unit, minCount, cell, layers, hidden, embedding, dropout, seqLen, batch, lr, clip, steps, minutes, seed, bptt, evalInterval, warmup, threads, output, resume };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            var config = new TrainingConfig
            {
                SeqLen = p.GetValue(seqLen), Batch = p.GetValue(batch), LearningRate = p.GetValue(lr), MinLearningRate = p.GetValue(lr) / 10,
                Clip = p.GetValue(clip), Steps = p.GetValue(steps), Minutes = p.GetValue(minutes), Seed = p.GetValue(seed),
                Bptt = p.GetValue(bptt)!, EvalInterval = p.GetValue(evalInterval), WarmupSteps = p.GetValue(warmup),
            };
            var shape = new CharModelConfig(p.GetValue(cell)!, 0, p.GetValue(embedding), p.GetValue(hidden), p.GetValue(layers), p.GetValue(dropout));
            var stepsGiven = p.GetResult(steps) is { Implicit: false };
            TrainingData Data(Recurrent.Text.ITokenVocabulary? vocabulary) => LanguageData.Load(p.GetValue(text), p.GetValue(corpus),
                p.GetValue(unit)!, p.GetValue(minCount), config.ValidationFraction, vocabulary);
            return Run(Data, shape, config, p.GetValue(output)!, p.GetValue(resume), stepsGiven ? p.GetValue(steps) : null, p.GetValue(threads));
        }));
        return command;
    }

    private static int Run(Func<Recurrent.Text.ITokenVocabulary?, TrainingData> data, CharModelConfig shape, TrainingConfig config,
        string outDir, bool resume, int? steps, int threads)
    {
        if (threads < 1) throw new ArgumentException($"--threads must be positive, got {threads}.");
        KernelThreads.Count = threads;
        string checkpointPath = Path.Combine(outDir, "checkpoint.safetensors");
        string plotPath = Path.Combine(outDir, "loss.png");
        CharLmTrainer trainer;
        if (resume)
        {
            if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"{checkpointPath}: no checkpoint to resume from.");
            trainer = CharLmTrainer.Resume(checkpointPath, vocabulary => data(vocabulary), steps);
        }
        else
        {
            shape.Validate(vocabularyKnown: false);
            config.Validate();
            trainer = CharLmTrainer.Create(shape, config, data(null));
        }
        Directory.CreateDirectory(outDir);

        var m = trainer.Model.Config;
        var c = trainer.Config;
        string u = trainer.Vocabulary.Unit == "char" ? "characters" : "tokens";
        Console.WriteLine($"data: vocabulary {trainer.Vocabulary.Count:N0} {trainer.Vocabulary.Unit}s; train {trainer.TrainTokens.Length:N0} {u}, validation {trainer.ValidationTokens.Length:N0} {u}");
        Console.WriteLine($"model: {JsonSerializer.Serialize(m)}, {trainer.Model.ParameterCount:N0} parameters");
        Console.WriteLine($"training: {JsonSerializer.Serialize(c)}, threads {threads}");
        if (resume) Console.WriteLine($"resuming at step {trainer.Step} of {c.Steps}");

        var observer = new ProgressObserver(c.Steps, plotPath, trainer, $"{m.Cell.ToUpperInvariant()} {m.Layers}×{m.HiddenSize}, {trainer.Vocabulary.Unit} level");
        var outcome = observer.Interactive
            ? AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    observer.Task = ctx.AddTask("starting", maxValue: c.Steps);
                    observer.Task.Value = trainer.Step;
                    return trainer.Run(observer, checkpointPath);
                })
            : trainer.Run(observer, checkpointPath);

        if (outcome == TrainingOutcome.Diverged)
        {
            Console.Error.WriteLine($"error: the loss became NaN or infinite at step {trainer.Step + 1}; training stopped. " +
                (File.Exists(checkpointPath) ? $"The last good checkpoint is {checkpointPath}." : "No checkpoint was written."));
            return 3;
        }
        if (outcome == TrainingOutcome.TimeLimit) Console.WriteLine($"time limit reached at step {trainer.Step}.");
        var last = trainer.History.LastOrDefault();
        if (last is not null)
            Console.WriteLine($"validation: {last.ValidationLoss:F4} nats/{trainer.Vocabulary.Unit}, {last.ValidationLoss / Math.Log(2):F4} bits/{trainer.Vocabulary.Unit}, " +
                $"perplexity {Math.Exp(last.ValidationLoss):F3} (step {last.Step}, {trainer.ElapsedSeconds / 60:F1} min)");
        Console.WriteLine($"checkpoint: {checkpointPath}\nloss curve: {plotPath}");
        Console.WriteLine("sample (temperature 0.8):");
        var sampler = new CharSampler(trainer.Model, trainer.Vocabulary);
        foreach (var piece in sampler.Generate("", trainer.Vocabulary.Unit == "char" ? 400 : 80, 0.8f, 0, new Rng(c.Seed))) Console.Write(piece);
        Console.WriteLine();
        return 0;
    }

    private sealed class ProgressObserver(int totalSteps, string plotPath, CharLmTrainer trainer, string title) : ITrainingObserver
    {
        public bool Interactive { get; } = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        public ProgressTask? Task { get; set; }
        private double _lastPrint = double.NegativeInfinity, _lastSeconds;
        private long _lastStep = -1;
        private double _tokensPerSecond;
        private string _validation = "";

        public void OnStep(StepReport r, double elapsed)
        {
            if (_lastStep >= 0 && elapsed > _lastSeconds)
            {
                double rate = r.Tokens * (r.Step - _lastStep) / (elapsed - _lastSeconds);
                _tokensPerSecond = _tokensPerSecond == 0 ? rate : 0.9 * _tokensPerSecond + 0.1 * rate;
            }
            (_lastStep, _lastSeconds) = (r.Step, elapsed);
            string line = $"step {r.Step}/{totalSteps}  loss {r.Loss:F3}  |g| {r.GradientNorm:F2}  lr {r.LearningRate:0.0e0}  {_tokensPerSecond:N0} tok/s{_validation}";
            if (Task is not null)
            {
                Task.Value = r.Step;
                Task.Description = Markup.Escape(line);
            }
            else if (elapsed - _lastPrint >= 10 || r.Step == totalSteps)
            {
                double eta = _tokensPerSecond > 0 ? (totalSteps - r.Step) * r.Tokens / _tokensPerSecond : 0;
                Console.WriteLine($"{line}  elapsed {elapsed / 60:F1} min  ETA {eta / 60:F1} min");
                _lastPrint = elapsed;
            }
        }

        public void OnEvaluation(HistoryPoint p)
        {
            _validation = $"  val {p.ValidationLoss:F3}";
            string line = $"step {p.Step}: train {p.TrainLoss:F4}  validation {p.ValidationLoss:F4} nats/{trainer.Vocabulary.Unit} (perplexity {Math.Exp(p.ValidationLoss):F2})";
            if (Task is null) Console.WriteLine(line);
            else Console.WriteLine(line);
            LossPlot.Save(plotPath, trainer.History, title, trainer.Vocabulary.Unit);
        }

        public void OnCheckpoint(string path, long step) { }
    }
}
