using Recurrent.Autograd;
using Recurrent.Data;
using Recurrent.Kernels;
using Recurrent.Layers;
using Recurrent.Losses;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Models.Generation;
using Recurrent.Models.LanguageModeling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Models.Tagging;
using Recurrent.Optim;
using Recurrent.Tensors;
using Recurrent.Training;

/// <summary>
/// The side-by-side workloads, built exactly as benchmarks/pytorch/worker.py builds them. Names: train-CELL-H,
/// classify-bilstm-256, tag-bilstm-256, forecast-gru-32, seq2seq-lstm-256, beam-lstm-256, conditional-lstm-256, layer-lstm-256, infer-lstm-256, generate-lstm-256, gemm-MxKxN. <see cref="Flops"/> counts multiply-adds × 2.
/// </summary>
internal static class Workloads
{
    public const int V = 65, B = 32, T = 64;

    /// <summary>classify-*: word vocabulary, embedding size, batch, classes; lengths 200 down to 20, evenly spread.</summary>
    public const int ClassifyVocabulary = 20_000, ClassifyEmbedding = 128, ClassifyBatch = 64, ClassifyClasses = 15;

    /// <summary>tag-*: word vocabulary, characters, tags, batch; sentence lengths 40 down to 5, every token a distinct word of 3–10 characters.</summary>
    public const int TagVocabulary = 20_000, TagChars = 85, TagTags = 12, TagBatch = 32;

    /// <summary>forecast-*: the forecaster's default training step, windows of 24 values in batches of 16, one feature.</summary>
    public const int ForecastWindow = 24, ForecastBatch = 16;

    /// <summary>seq2seq-* and beam-*: G2P-sized vocabularies; a training batch of 64 pairs, sources of 9 to 7 letters with one
    /// phone fewer each; beam search over 256 words of 8 letters at width 5.</summary>
    public const int Seq2SeqSourceVocab = 32, Seq2SeqTargetVocab = 44, Seq2SeqBatch = 64, BeamWords = 256, BeamLetters = 8, BeamWidth = 5;

    /// <summary>conditional-*: a Brown-sized character vocabulary and genre count; windows of 256 characters, batch 32.</summary>
    public const int ConditionalVocabulary = 85, ConditionalClasses = 15, ConditionalSteps = 256;

    public static int[] Seq2SeqSourceLengths() => Enumerable.Range(0, Seq2SeqBatch).Select(b => 9 - 2 * b / (Seq2SeqBatch - 1)).ToArray();

    /// <summary>The decoder steps of a beam search over 8 letters: 2·8 + 10, every beam running to the limit (&lt;/s&gt; suppressed).</summary>
    public static int BeamSteps => Decoding.MaxLength(BeamLetters);

    public static int[] TagLengths() => Enumerable.Range(0, TagBatch).Select(b => 40 - b * 35 / (TagBatch - 1)).ToArray();

    public static int[] WordLengths() => Enumerable.Range(0, TagLengths().Sum()).Select(n => 3 + n % 8).ToArray();

    public static int[] ClassifyLengths() => Enumerable.Range(0, ClassifyBatch).Select(b => 200 - b * 180 / (ClassifyBatch - 1)).ToArray();

    public static readonly string[] All =
    [
        "train-lstm-128", "train-lstm-256", "train-lstm-512", "train-gru-256", "train-rnn-256", "classify-bilstm-256", "classify-bilstm-256-padded",
        "tag-bilstm-256", "tag-bilstm-256-padded", "forecast-gru-32", "seq2seq-lstm-256", "beam-lstm-256", "conditional-lstm-256",
        "layer-lstm-256", "infer-lstm-256", "generate-lstm-256",
        "gemm-2048x2048x2048", "gemm-32x256x1024", "gemm-2048x256x1024", "step-32x256x1024",
    ];

    public static Action Build(string name)
    {
        var parts = name.Split('-');
        var rng = new Rng(0);
        switch (parts[0])
        {
            case "train":
            {
                int h = int.Parse(parts[2]);
                var model = new LanguageModel(new LanguageModelConfig(parts[1], V, h, h, 2, 0f), rng);
                var optimizer = new Adam(model.Parameters, 2e-3f);
                int[] x = Tokens(rng), y = Tokens(rng);
                return () =>
                {
                    var (logits, _, _) = model.Forward(x, T, B);
                    Trainer.Optimize(Loss.CrossEntropy(logits, y), optimizer, clip: 5f);
                };
            }
            case "classify":
            {
                // A many-to-one training step: word embeddings → BiLSTM over each sequence's own length → h_n of both
                // directions → Linear → cross-entropy; PyTorch runs it through pack_padded_sequence. (-padded: the same
                // here; PyTorch feeds the padded batch unpacked, its fast path, though not the same result.)
                int h = int.Parse(parts[2]);
                var model = new SequenceClassifier(new ClassifierConfig("lstm", VocabSize: ClassifyVocabulary, EmbeddingSize: ClassifyEmbedding,
                    HiddenSize: h, Pooling: "last", Dropout: 0, Classes: ClassifyClasses), rng);
                var optimizer = new Adam(model.Parameters, 2e-3f);
                var lengths = ClassifyLengths();
                int steps = lengths[0];
                var ids = new int[steps * ClassifyBatch];
                for (int t = 0; t < steps; t++)
                    for (int b = 0; b < ClassifyBatch; b++) ids[t * ClassifyBatch + b] = t < lengths[b] ? 2 + rng.NextInt(ClassifyVocabulary - 2) : 0;
                var labels = Enumerable.Range(0, ClassifyBatch).Select(_ => rng.NextInt(ClassifyClasses)).ToArray();
                var input = new ClassifierInput(steps, lengths, Ids: ids);
                return () => Trainer.Optimize(Loss.CrossEntropy(model.Forward(input), labels), optimizer, clip: 5f);
            }
            case "tag":
            {
                // A tagging training step: word embeddings (100) and a character BiLSTM (32 + 32) over every word → BiLSTM
                // (H per direction) over each sentence's own length → Linear → cross-entropy over real tokens only.
                // Every token is a distinct word, so both sides run the character LSTM over all of them. (-padded: the
                // same here; PyTorch runs the sentences padded and unpacked.)
                int h = int.Parse(parts[2]);
                var model = new SequenceTagger(new TaggerConfig { HiddenSize = h, Dropout = 0, VocabSize = TagVocabulary, CharVocabSize = TagChars, Tags = TagTags }, rng);
                var optimizer = new Adam(model.Parameters, 2e-3f);
                var lengths = TagLengths();
                var words = WordLengths();
                int steps = lengths[0], n = 0, N = words.Length, C = words.Max();
                var ids = new int[steps * TagBatch];
                var slots = new int[steps * TagBatch];
                var targets = Enumerable.Repeat(Loss.IgnoreIndex, steps * TagBatch).ToArray();
                for (int b = 0; b < TagBatch; b++)
                    for (int t = 0; t < lengths[b]; t++, n++)
                        (ids[t * TagBatch + b], slots[t * TagBatch + b], targets[t * TagBatch + b]) = (2 + rng.NextInt(TagVocabulary - 2), n, rng.NextInt(TagTags));
                var chars = new int[C * N];
                for (int w = 0; w < N; w++)
                    for (int t = 0; t < words[w]; t++) chars[t * N + w] = 2 + rng.NextInt(TagChars - 2);
                var input = new TaggerInput(steps, ids, lengths, C, chars, words, slots);
                return () => Trainer.Optimize(model.Loss(input, targets), optimizer, clip: 5f);
            }
            case "forecast":
            {
                // A forecasting step: (24, 16, 1) standardised values → GRU(1 → 32) → Linear(32 → 1) at every step → the
                // mean squared error against the next value; Adam, clipping at 5 (rnn forecast train's defaults).
                int h = int.Parse(parts[2]);
                var model = new Forecaster(new ForecasterConfig(Cell: parts[1], HiddenSize: h, Window: ForecastWindow), rng);
                var optimizer = new Adam(model.Parameters, 3e-3f);
                var values = new float[ForecastWindow + ForecastBatch];
                rng.FillGaussian(values);
                var batch = new SeriesWindows(values, 1, ForecastWindow, 1, ForecastBatch, BatchOrder.Sequential).Next();
                return () => Trainer.Optimize(model.Loss(batch).Loss, optimizer, clip: 5f);
            }
            case "seq2seq":
            {
                // An encoder-decoder training step, rnn g2p train's model without dropout: letters → Embedding(64) →
                // 2-layer BiLSTM(256) over each word's own length → bridge → LSTM cell (256, input feeding) with general
                // attention over the padded memory → Linear → cross-entropy over real phones and </s>; Adam, clipping at 5.
                var model = new Seq2SeqModel(Seq2SeqShape(int.Parse(parts[2])), rng);
                var optimizer = new Adam(model.Parameters, 2e-3f);
                var lengths = Seq2SeqSourceLengths();
                var sources = lengths.Select(n => Enumerable.Range(0, n).Select(_ => Symbols.Reserved + rng.NextInt(Seq2SeqSourceVocab - Symbols.Reserved)).ToArray()).ToArray();
                var targets = lengths.Select(n => Enumerable.Range(0, n - 1).Select(_ => Symbols.Reserved + rng.NextInt(Seq2SeqTargetVocab - Symbols.Reserved)).ToArray()).ToArray();
                var batch = new PairBatches(sources, targets, Seq2SeqBatch, Symbols.Start, Symbols.End, Symbols.Padding, BatchOrder.Sequential).Next();
                return () => Trainer.Optimize(model.Loss(batch), optimizer, clip: 5f);
            }
            case "beam":
            {
                // Beam search at width 5 over 256 words of 8 letters, batched, without a graph. </s> is made impossible
                // (its output bias −10⁴), so every beam of every word runs the full 26 steps on both sides.
                var model = new Seq2SeqModel(Seq2SeqShape(int.Parse(parts[2])), rng);
                model.Parameters.Single(p => p.Name == "output.bias").Value.Span[Symbols.End] = -1e4f;
                var words = Enumerable.Range(0, BeamWords).Select(_ =>
                    Enumerable.Range(0, BeamLetters).Select(_ => Symbols.Reserved + rng.NextInt(Seq2SeqSourceVocab - Symbols.Reserved)).ToArray()).ToArray();
                return () => BeamSearch.Decode(model, words, BeamWidth, alpha: 0);
            }
            case "layer":
            {
                int h = int.Parse(parts[2]);
                var lstm = new Lstm(h, h, 1, rng: rng);
                var x = Gaussian(rng, T, B, h);
                var ones = Tensor.Zeros(T, B, h);
                ones.Fill(1f);
                return () =>
                {
                    lstm.ZeroGrad();
                    lstm.Forward(x);
                    lstm.Backward(ones);
                };
            }
            case "infer":
            {
                int h = int.Parse(parts[2]);
                var lstm = new Lstm(h, h, 2, rng: rng) { Training = false };
                var x = Gaussian(rng, 128, 64, h);
                return () => lstm.Forward(x);
            }
            case "conditional":
            {
                // A one-to-many training step: the class embedding is the first step's input, then the characters.
                int h = int.Parse(parts[2]), CT = ConditionalSteps;
                var model = new ConditionalLanguageModel(new ConditionalLanguageModelConfig("first", parts[1], ConditionalVocabulary, ConditionalClasses,
                    EmbeddingSize: 64, HiddenSize: h, Layers: 2, Dropout: 0f), rng);
                var optimizer = new Adam(model.Parameters, 2e-3f);
                int[] x = [.. Enumerable.Range(0, CT * B).Select(_ => rng.NextInt(ConditionalVocabulary))], y = [.. x.Skip(B), .. x.Take(B)];
                int[] classes = [.. Enumerable.Range(0, B).Select(_ => rng.NextInt(ConditionalClasses))];
                return () => Trainer.Optimize(Loss.CrossEntropy(model.Forward(x, CT, B, model.Condition(classes)), y), optimizer, clip: 5f);
            }
            case "generate":
            {
                int h = int.Parse(parts[2]);
                var model = new LanguageModel(new LanguageModelConfig("lstm", V, h, h, 2, 0f), rng) { Training = false };
                var vocabulary = Recurrent.Text.CharVocabulary.FromText(string.Concat(Enumerable.Range(0, V).Select(i => (char)(' ' + i))));
                var sampler = new Sampler(model, vocabulary);
                return () => { foreach (var _ in sampler.Generate(" ", 100, 0.8f, 0, rng)) { } };
            }
            case "gemm":
            {
                var d = parts[1].Split('x').Select(int.Parse).ToArray();
                int m = d[0], k = d[1], n = d[2];
                bool transB = !(m == k && k == n);
                var a = new float[m * k]; var b = new float[k * n]; var c = new float[m * n];
                rng.FillUniform(a, 0, 1); rng.FillUniform(b, 0, 1);
                return () => Gemm.Multiply(false, transB, m, n, k, 1f, a, k, b, transB ? k : n, 0f, c, n);
            }
            case "step":
            {
                // h·W_hhᵀ with W_hh packed once, as the layers multiply at every time step.
                var d = parts[1].Split('x').Select(int.Parse).ToArray();
                int m = d[0], k = d[1], n = d[2];
                var a = new float[m * k]; var w = new float[n * k]; var c = new float[m * n];
                rng.FillUniform(a, 0, 1); rng.FillUniform(w, 0, 1);
                var packed = new PackedMatrix();
                Gemm.Pack(true, k, n, w, k, packed);
                return () => Gemm.Multiply(false, m, n, k, 1f, a, k, packed, 0f, c, n);
            }
            default: throw new ArgumentException($"Unknown workload '{name}'.");
        }
    }

    /// <summary>Floating-point operations of one run (2 per multiply-add), counting the GEMM-shaped work only.</summary>
    public static double Flops(string name)
    {
        var parts = name.Split('-');
        double Layer(string cell, double inputs, double h) => 2 * (inputs + h) * h * cell switch { "lstm" => 4, "gru" => 3, _ => 1 };
        return parts[0] switch
        {
            "train" => 3.0 * T * B * (2 * Layer(parts[1], int.Parse(parts[2]), int.Parse(parts[2])) + 2.0 * int.Parse(parts[2]) * V),
            "classify" => 3.0 * ClassifyLengths().Sum() * 2 * Layer("lstm", ClassifyEmbedding, int.Parse(parts[2])),
            "tag" => 3.0 * (TagLengths().Sum() * 2 * Layer("lstm", 164, int.Parse(parts[2])) + WordLengths().Sum() * 2 * Layer("lstm", 32, 32)),
            "forecast" => 3.0 * ForecastWindow * ForecastBatch * (Layer(parts[1], 1, int.Parse(parts[2])) + 2.0 * int.Parse(parts[2])),
            // Teacher forcing runs all T = 9 decoder steps for every pair; the beam, 26 steps for 256 × 5 rows.
            "seq2seq" => 3.0 * Seq2SeqFlops(Seq2SeqSourceLengths(), Seq2SeqBatch * (Seq2SeqSourceLengths().Max()), int.Parse(parts[2])),
            "beam" => Seq2SeqFlops(Enumerable.Repeat(BeamLetters, BeamWords).ToArray(), (double)BeamWords * BeamWidth * BeamSteps, int.Parse(parts[2])),
            "conditional" => 3.0 * ConditionalSteps * B * (Layer(parts[1], 64, int.Parse(parts[2])) + Layer(parts[1], int.Parse(parts[2]), int.Parse(parts[2]))
                + 2.0 * int.Parse(parts[2]) * ConditionalVocabulary),
            "layer" => 3.0 * T * B * Layer("lstm", 256, 256),
            "infer" => 128.0 * 64 * 2 * Layer("lstm", 256, 256),
            "generate" => 100.0 * (2 * Layer("lstm", 256, 256) + 2.0 * 256 * V),
            "gemm" or "step" => 2.0 * parts[1].Split('x').Select(double.Parse).Aggregate((a, b) => a * b),
            _ => 0,
        };
    }

    private static Seq2SeqConfig Seq2SeqShape(int hidden) =>
        new(SourceVocab: Seq2SeqSourceVocab, TargetVocab: Seq2SeqTargetVocab, EncoderHidden: hidden, DecoderHidden: hidden, Dropout: 0);

    // The encoder over every source letter (both layers, both directions), then decoderRowSteps decoder steps of one row
    // each: the LSTM cell (64 + h inputs), the general attention (query, scores and context over the S letters), the
    // combination and the output layer.
    private static double Seq2SeqFlops(int[] sourceLengths, double decoderRowSteps, int h)
    {
        double Cell(double inputs) => 2 * (inputs + h) * h * 4;
        double encoder = sourceLengths.Sum() * 2.0 * (Cell(64) + Cell(2 * h));
        double step = Cell(64 + h) + 2.0 * h * 2 * h + 2 * 2.0 * sourceLengths.Max() * 2 * h + 2.0 * 3 * h * h + 2.0 * h * Seq2SeqTargetVocab;
        return encoder + decoderRowSteps * step;
    }

    private static int[] Tokens(Rng rng) => Enumerable.Range(0, T * B).Select(_ => rng.NextInt(V)).ToArray();

    private static Tensor Gaussian(Rng rng, params int[] shape)
    {
        var t = Tensor.Zeros(shape);
        rng.FillGaussian(t.Span);
        return t;
    }
}
