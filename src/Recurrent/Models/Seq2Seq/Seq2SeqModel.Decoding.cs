using Recurrent.Tensors;

namespace Recurrent.Models.Seq2Seq;

public sealed partial class Seq2SeqModel
{
    /// <summary>
    /// Decoding of an encoded batch without a graph (evaluation mode): the decoder's state lives in buffers that every
    /// step overwrites, and <see cref="DecoderRun.Step"/> gives the next symbols' logits. Same equations as <see cref="Step"/>.
    /// </summary>
    public DecoderRun StartDecoding(EncodedSource source) => new(this, source);

    /// <summary>The decoder's state of N rows (h and c of each cell, h̃ fed to the next input) and the step's buffers.</summary>
    public sealed class DecoderRun
    {
        private readonly Seq2SeqModel _model;
        private readonly int _rows, _steps;
        private readonly int[] _lengths;
        private readonly float[] _memory, _keys;
        private float[][] _hidden, _cell, _spareHidden, _spareCell;
        private float[] _feed, _spareFeed;
        private readonly float[] _input, _context, _combined, _attentional, _logits, _weights;

        internal DecoderRun(Seq2SeqModel model, EncodedSource source)
        {
            if (model.Training) throw new InvalidOperationException("Decoding runs in evaluation mode (model.Inference()).");
            var c = model.Config;
            _model = model;
            (_rows, _steps) = (source.Memory.Value.Size(0), source.Memory.Value.Size(1));
            int N = _rows, D = c.DecoderHidden, M = c.MemorySize;
            _lengths = source.Lengths;
            _memory = source.Memory.Value.Span.ToArray();
            _keys = source.Keys?.Value.Span.ToArray() ?? [];
            _hidden = [.. source.Start.Hidden.Select(h => h.Value.Span.ToArray())];
            _cell = [.. source.Start.Cell.Select(x => x?.Value.Span.ToArray() ?? [])];
            _feed = source.Start.Feed.Value.Span.ToArray();
            (_spareHidden, _spareCell, _spareFeed) = ([.. _hidden.Select(h => new float[h.Length])], [.. _cell.Select(x => new float[x.Length])], new float[_feed.Length]);
            _input = new float[N * (c.Embedding + (c.InputFeeding ? D : 0))];
            (_context, _combined, _attentional) = (new float[N * M], new float[N * (M + D)], new float[N * D]);
            (_logits, _weights) = (new float[N * c.TargetVocab], new float[N * _steps]);
        }

        /// <summary>α of the last step (N, S): how much each row read each source step; zeros without attention.</summary>
        public ReadOnlySpan<float> Weights => _weights;

        /// <summary>
        /// One step from the previous symbols (N) → logits (N, V), valid until the next step:
        /// u = [E_tgt[y]; h̃_prev] → stacked cells → h; (context, α) = attention(h, m); h̃ = tanh(W_c [context; h]); W_o h̃ + b_o.
        /// </summary>
        public ReadOnlySpan<float> Step(ReadOnlySpan<int> previous)
        {
            var m = _model;
            var c = m.Config;
            int N = _rows, E = c.Embedding, D = c.DecoderHidden, M = c.MemorySize, I = _input.Length / N, V = c.TargetVocab;
            if (previous.Length != N) throw new ArgumentException($"Expected {N} previous symbols, got {previous.Length}.");
            var table = m._targetEmbedding.Weight.Value.Span;
            for (int n = 0; n < N; n++)
            {
                if ((uint)previous[n] >= (uint)V) throw new ArgumentException($"Symbol {previous[n]} is outside the target vocabulary of {V}.");
                table.Slice(previous[n] * E, E).CopyTo(_input.AsSpan(n * I, E));
                if (c.InputFeeding) _feed.AsSpan(n * D, D).CopyTo(_input.AsSpan(n * I + E, D));
            }
            ReadOnlySpan<float> x = _input;
            for (int l = 0; l < m._decoder.Length; l++)
            {
                m._decoder[l].Step(x, N, _hidden[l], _cell[l]);
                x = _hidden[l];
            }
            var top = _hidden[^1].AsSpan();
            if (m._attention is { } attention)
            {
                attention.Attend(N, _steps, top, _memory, _keys, _lengths, _context, _weights);
                for (int n = 0; n < N; n++)
                {
                    _context.AsSpan(n * M, M).CopyTo(_combined.AsSpan(n * (M + D), M));
                    top.Slice(n * D, D).CopyTo(_combined.AsSpan(n * (M + D) + M, D));
                }
                // h̃ = tanh(W_c [context; h])
                Kernels.Gemm.Multiply(false, true, N, D, M + D, 1f, _combined, M + D, m._combine!.Weight.Value.Span, M + D, 0f, _attentional, D);
                TensorPrimitives.Tanh(_attentional, _attentional);
            }
            else top.CopyTo(_attentional);
            _attentional.CopyTo(_feed, 0);
            // logits = W_o h̃ + b_o
            var bias = m._output.Bias!.Value.Span;
            for (int n = 0; n < N; n++) bias.CopyTo(_logits.AsSpan(n * V, V));
            Kernels.Gemm.Multiply(false, true, N, V, D, 1f, _attentional, D, m._output.Weight.Value.Span, D, 1f, _logits, V);
            return _logits;
        }

        /// <summary>
        /// Row i takes the state of row origin[i] (beam search keeping the best continuations). A row's source does not
        /// change: origin[i] must be a row of the same source (the memory rows are not moved).
        /// </summary>
        public void Reorder(ReadOnlySpan<int> origin)
        {
            if (origin.Length != _rows) throw new ArgumentException($"Expected {_rows} origins, got {origin.Length}.");
            for (int l = 0; l < _hidden.Length; l++)
            {
                Gather(_hidden[l], _spareHidden[l], origin);
                Gather(_cell[l], _spareCell[l], origin);
            }
            Gather(_feed, _spareFeed, origin);
            (_hidden, _spareHidden, _cell, _spareCell, _feed, _spareFeed) = (_spareHidden, _hidden, _spareCell, _cell, _spareFeed, _feed);
        }

        private void Gather(float[] from, float[] to, ReadOnlySpan<int> origin)
        {
            if (from.Length == 0) return;
            int width = from.Length / _rows;
            for (int i = 0; i < _rows; i++) from.AsSpan(origin[i] * width, width).CopyTo(to.AsSpan(i * width, width));
        }
    }
}
