using Recurrent.Autograd;
using Recurrent.Layers;
using Recurrent.Models.Classification;
using Recurrent.Models.Forecasting;
using Recurrent.Models.LanguageModeling;
using Recurrent.Models.Seq2Seq;
using Recurrent.Models.Tagging;
using Recurrent.Tensors;

namespace Recurrent.Interop;

/// <summary>
/// A task model's forward pass on named tensors, in evaluation mode, for checks against another implementation (the
/// PyTorch twins of tools/torch_twins.py, through <c>rnn forward</c>). The names and shapes are those of the ONNX export
/// (docs/interop.md); ids and lengths travel as float32 (exact below 2²⁴).
///   language model   tokens (T, B) [, initial_h, initial_c (L, B, H)]        → logits (T, B, V), hidden, cell
///   classifier       tokens (T, B) or values (T, B, F), sequence_lens (B)     → logits (B, C)
///   tagger           words (T, B), sequence_lens (B) [, chars (C, N), char_lengths (N), word_slots (T, B)] → emissions (T, B, K)
///   forecaster       values (T, B, F) [, initial_h, initial_c]                 → outputs (T, B, O), hidden, cell
///   seq2seq          source (S, B), source_lens (B), previous (T, B): the decoder's inputs, teacher-forced
///                    → logits (T, B, V), attention (T, B, S) when it attends
/// </summary>
public static class NamedForward
{
    public static Dictionary<string, Tensor> Run(Module model, IReadOnlyDictionary<string, Tensor> inputs, string source = "inputs")
    {
        Tensor In(string name) => inputs.TryGetValue(name, out var t) ? t
            : throw new ArgumentException($"{source}: no tensor '{name}' (given: {string.Join(", ", inputs.Keys)}).");
        Tensor? Optional(string name) => inputs.GetValueOrDefault(name);
        foreach (var (name, tensor) in inputs)
            if (Serialization.Checkpoint.FirstNonFinite(tensor.Span) is var at and >= 0)
                throw new ArgumentException($"{source}: {name}[{at}] = {tensor.Span[at]}; inputs must be finite.");
        using var _ = model.Inference();
        switch (model)
        {
            case LanguageModel lm:
            {
                var tokens = In("tokens");
                var (logits, hidden, cell) = lm.Forward(Ids(tokens, lm.Config.VocabSize, "tokens", source), tokens.Size(0), tokens.Size(1),
                    Optional("initial_h") is { } h ? new Variable(h) : null, Optional("initial_c") is { } c ? new Variable(c) : null);
                return States(new() { ["logits"] = logits.Value, ["hidden"] = hidden.Value }, cell);
            }
            case SequenceClassifier classifier:
            {
                var data = Optional("tokens") ?? In("values");
                int T = data.Size(0), B = data.Size(1);
                var lengths = Lengths(Optional("sequence_lens"), T, B, source);
                var input = classifier.Config.ReadsTokens
                    ? new ClassifierInput(T, lengths, Ids: Ids(In("tokens"), classifier.Config.VocabSize, "tokens", source))
                    : new ClassifierInput(T, lengths, Values: In("values").Span.ToArray());
                return new() { ["logits"] = classifier.Forward(input).Value };
            }
            case SequenceTagger tagger:
            {
                var words = In("words");
                int T = words.Size(0), B = words.Size(1);
                var lengths = Lengths(Optional("sequence_lens"), T, B, source);
                var ids = Ids(words, tagger.Config.VocabSize, "words", source);
                TaggerInput input;
                if (tagger.Config.CharHidden > 0)
                {
                    var chars = In("chars");
                    var charLengths = Lengths(In("char_lengths"), chars.Size(0), chars.Size(1), source);
                    input = new TaggerInput(T, ids, lengths, chars.Size(0), Ids(chars, tagger.Config.CharVocabSize, "chars", source), charLengths,
                        Ids(In("word_slots"), chars.Size(1), "word_slots", source));
                }
                else input = new TaggerInput(T, ids, lengths, 1, new int[B], [.. Enumerable.Repeat(1, B)], new int[T * B]);
                return new() { ["emissions"] = tagger.Forward(input).Value.Reshape(T, B, tagger.Config.Tags) };
            }
            case Forecaster forecaster:
            {
                var (y, state) = forecaster.Forward(new Variable(In("values")),
                    Optional("initial_h") is { } h ? new Variable(h) : null, Optional("initial_c") is { } c ? new Variable(c) : null);
                return States(new() { ["outputs"] = y.Value, ["hidden"] = state.HiddenState.Value }, state.CellState);
            }
            case Seq2SeqModel seq2seq:
            {
                var src = In("source");
                int S = src.Size(0), B = src.Size(1);
                var encoded = seq2seq.Encode(Ids(src, seq2seq.Config.SourceVocab, "source", source), S, Lengths(In("source_lens"), S, B, source));
                var previous = In("previous");
                int T = previous.Size(0);
                var targets = Ids(previous, seq2seq.Config.TargetVocab, "previous", source);
                var state = encoded.Start;
                var logits = new List<Tensor>();
                var weights = new List<Tensor>();
                for (int t = 0; t < T; t++)
                {
                    var (attentional, next, alpha) = seq2seq.Step(encoded, state, targets.AsSpan(t * B, B).ToArray());
                    logits.Add(seq2seq.Logits(attentional).Value);
                    if (alpha is not null) weights.Add(alpha.Value);
                    state = next;
                }
                var result = new Dictionary<string, Tensor> { ["logits"] = Stack(logits) };
                if (weights.Count > 0) result["attention"] = Stack(weights);
                return result;
            }
            default: throw new ArgumentException($"{source}: no named forward pass for models of type {model.GetType().Name}.");
        }
    }

    private static Dictionary<string, Tensor> States(Dictionary<string, Tensor> outputs, Variable? cell)
    {
        if (cell is not null) outputs["cell"] = cell.Value;
        return outputs;
    }

    private static Tensor Stack(List<Tensor> steps)
    {
        var shape = new[] { steps.Count }.Concat(steps[0].Shape.ToArray()).ToArray();
        var result = Tensor.Zeros(shape);
        for (int t = 0; t < steps.Count; t++) steps[t].Span.CopyTo(result.Span.Slice(t * steps[0].Length));
        return result;
    }

    /// <summary>Whole numbers in [0, limit) carried as floats → ids, or a one-line error naming the tensor.</summary>
    private static int[] Ids(Tensor t, int limit, string name, string source)
    {
        var ids = new int[t.Length];
        var span = t.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            float v = span[i];
            if (!(v >= 0 && v < limit && v == MathF.Floor(v))) throw new ArgumentException($"{source}: {name}[{i}] = {v}, not an id in [0, {limit}).");
            ids[i] = (int)v;
        }
        return ids;
    }

    private static int[] Lengths(Tensor? t, int steps, int batch, string source)
    {
        if (t is null) return [.. Enumerable.Repeat(steps, batch)];
        if (t.Length != batch) throw new ArgumentException($"{source}: {t.Length} lengths for a batch of {batch}.");
        return [.. Ids(t, steps + 1, "lengths", source).Select((l, i) => l >= 1 ? l : throw new ArgumentException($"{source}: length {i} is 0."))];
    }
}
