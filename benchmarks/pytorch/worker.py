#!/usr/bin/python3
"""PyTorch side of Recurrent's side-by-side benchmark (benchmarks/Recurrent.Benchmarks, `compare`).

A persistent worker: reads one JSON command per line on stdin, runs it, answers one JSON line on stdout.
  {"op": "info"}                                   -> torch version, BLAS, threads
  {"op": "run", "workload": NAME, "threads": N, "reps": R, "calls": C}  -> {"ms": [R timings]}: each the mean of C
                                                   back-to-back calls (after the caller's warm-up runs)
  {"op": "peak_memory", "workload": NAME, "threads": N, "reps": R} -> runs R reps, then {"peak_rss_mb": ...}
Workloads mirror Recurrent's exactly (shapes, optimizer, clipping); see benchmarks/Recurrent.Benchmarks/Workloads.cs.
Run with Debian's /usr/bin/python3 and python3-torch 1.13.1 + libopenblas0-openmp.
"""
import json, resource, sys, time
import torch

torch.manual_seed(0)
V, B, T = 65, 32, 64

class CharModel(torch.nn.Module):
    def __init__(self, cell, hidden):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, hidden)
        rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
        self.rnn = rnn(hidden, hidden, 2)
        self.decoder = torch.nn.Linear(hidden, V)
    def forward(self, x, state=None):
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(out), state

class Seq2Seq(torch.nn.Module):
    """rnn g2p train's model without dropout: Embedding(64) -> 2-layer BiLSTM(H) over each word's own length (packed) ->
    bridge h_0, c_0 = tanh(W [h_fwd; h_bwd]) -> LSTMCell(64 + H, H) with input feeding and general attention over the
    masked memory -> h~ = tanh(W_c [c; h]) -> Linear(H, V)."""
    def __init__(self, hidden, sv=32, tv=44):
        super().__init__()
        self.source_embedding = torch.nn.Embedding(sv, 64)
        self.encoder = torch.nn.LSTM(64, hidden, 2, bidirectional=True)
        self.bridge_h = torch.nn.Linear(2 * hidden, hidden)
        self.bridge_c = torch.nn.Linear(2 * hidden, hidden)
        self.target_embedding = torch.nn.Embedding(tv, 64)
        self.cell = torch.nn.LSTMCell(64 + hidden, hidden)
        self.query = torch.nn.Linear(hidden, 2 * hidden, bias=False)
        self.combine = torch.nn.Linear(3 * hidden, hidden, bias=False)
        self.output = torch.nn.Linear(hidden, tv)
        self.hidden = hidden
    def encode(self, x, lens):                   # x (S, B), lens sorted longest first
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.source_embedding(x), lens, enforce_sorted=True)
        out, (h, c) = self.encoder(packed)
        memory = torch.nn.utils.rnn.pad_packed_sequence(out, total_length=x.shape[0])[0].transpose(0, 1)   # (B, S, 2H)
        mask = torch.arange(x.shape[0])[None, :] >= lens[:, None]
        h0 = torch.tanh(self.bridge_h(torch.cat([h[-2], h[-1]], 1)))
        c0 = torch.tanh(self.bridge_c(torch.cat([c[-2], c[-1]], 1)))
        return memory, mask, (h0, c0, torch.zeros(x.shape[1], self.hidden))
    def step(self, memory, mask, state, previous):
        h, c, feed = state
        h, c = self.cell(torch.cat([self.target_embedding(previous), feed], 1), (h, c))
        scores = torch.bmm(memory, self.query(h).unsqueeze(2)).squeeze(2).masked_fill(mask, float("-inf"))
        context = torch.bmm(torch.softmax(scores, 1).unsqueeze(1), memory).squeeze(1)
        feed = torch.tanh(self.combine(torch.cat([context, h], 1)))
        return feed, (h, c, feed)

_cache = {}

def build(name):
    if name in _cache:
        return _cache[name]
    parts = name.split("-")
    if parts[0] == "train":                      # train-lstm-256
        cell, hidden = parts[1], int(parts[2])
        model = CharModel(cell, hidden)
        opt = torch.optim.Adam(model.parameters(), lr=2e-3)
        x = torch.randint(0, V, (T, B)); y = torch.randint(0, V, (T, B))
        def step():
            opt.zero_grad()
            logits, _ = model(x)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        fn = step
    elif parts[0] == "classify":                 # classify-bilstm-256: word embeddings -> BiLSTM (packed) -> h_n -> Linear;
                                                 # -padded: the padded batch unpacked (every sequence run to 200 steps)
        hidden, CV, CE, CB, CC = int(parts[2]), 20000, 128, 64, 15
        lengths = [200 - b * 180 // (CB - 1) for b in range(CB)]
        emb = torch.nn.Embedding(CV, CE)
        lstm = torch.nn.LSTM(CE, hidden, 1, bidirectional=True)
        out = torch.nn.Linear(2 * hidden, CC)
        params = list(emb.parameters()) + list(lstm.parameters()) + list(out.parameters())
        opt = torch.optim.Adam(params, lr=2e-3)
        x = torch.randint(2, CV, (lengths[0], CB)); y = torch.randint(0, CC, (CB,))
        lens, padded = torch.tensor(lengths), name.endswith("-padded")
        def step():
            opt.zero_grad()
            inputs = emb(x) if padded else torch.nn.utils.rnn.pack_padded_sequence(emb(x), lens, enforce_sorted=True)
            _, (h, _) = lstm(inputs)
            loss = torch.nn.functional.cross_entropy(out(torch.cat([h[-2], h[-1]], dim=1)), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
        fn = step
    elif parts[0] == "tag":                      # tag-bilstm-256: word embeddings (100) + a char BiLSTM (32+32) over every word
                                                 # (packed) -> BiLSTM (packed) -> Linear -> cross-entropy over real tokens;
                                                 # -padded: the sentences padded and unpacked
        hidden, TV, TC, TK, TB = int(parts[2]), 20000, 85, 12, 32
        lengths = [40 - b * 35 // (TB - 1) for b in range(TB)]
        N = sum(lengths); wl = [3 + n % 8 for n in range(N)]; C = max(wl)
        emb, cemb = torch.nn.Embedding(TV, 100), torch.nn.Embedding(TC, 32)
        clstm = torch.nn.LSTM(32, 32, 1, bidirectional=True)
        lstm = torch.nn.LSTM(164, hidden, 1, bidirectional=True)
        out = torch.nn.Linear(2 * hidden, TK)
        params = [p for m in (emb, cemb, clstm, lstm, out) for p in m.parameters()]
        opt = torch.optim.Adam(params, lr=2e-3)
        x = torch.randint(2, TV, (lengths[0], TB)); chars = torch.randint(2, TC, (C, N))
        slots = torch.zeros(lengths[0], TB, dtype=torch.long); y = torch.full((lengths[0], TB), -100, dtype=torch.long)
        n = 0
        for b in range(TB):
            for t in range(lengths[b]):
                slots[t, b] = n; y[t, b] = int(torch.randint(0, TK, (1,))); n += 1
        lens, wlens, padded = torch.tensor(lengths), torch.tensor(wl), name.endswith("-padded")
        def step():
            opt.zero_grad()
            _, (hc, _) = clstm(torch.nn.utils.rnn.pack_padded_sequence(cemb(chars), wlens, enforce_sorted=False))
            perword = torch.cat([hc[0], hc[1]], dim=1)                      # (N, 64)
            feats = torch.cat([emb(x), perword[slots]], dim=2)              # (T, B, 164)
            if padded:
                o, _ = lstm(feats)
            else:
                o, _ = lstm(torch.nn.utils.rnn.pack_padded_sequence(feats, lens, enforce_sorted=True))
                o, _ = torch.nn.utils.rnn.pad_packed_sequence(o, total_length=lengths[0])
            loss = torch.nn.functional.cross_entropy(out(o).reshape(-1, TK), y.reshape(-1), ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
        fn = step
    elif parts[0] == "forecast":                 # forecast-gru-32: (24, 16, 1) values -> GRU(1 -> 32) -> Linear(32 -> 1) at every
                                                 # step -> MSE against the next value; Adam, clipping at 5
        cell, hidden, FW, FB = parts[1], int(parts[2]), 24, 16
        rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell](1, hidden)
        lin = torch.nn.Linear(hidden, 1)
        params = list(rnn.parameters()) + list(lin.parameters())
        opt = torch.optim.Adam(params, lr=3e-3)
        values = torch.randn(FW + FB)
        x = torch.stack([values[b:b + FW] for b in range(FB)], 1).unsqueeze(-1)          # (24, 16, 1)
        y = torch.stack([values[b + 1:b + FW + 1] for b in range(FB)], 1).unsqueeze(-1)
        def step():
            opt.zero_grad()
            o, _ = rnn(x)
            loss = torch.nn.functional.mse_loss(lin(o), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
        fn = step
    elif parts[0] == "seq2seq":                  # seq2seq-lstm-256: 64 pairs, sources of 9 to 7 letters, one phone fewer each;
                                                 # teacher-forced, cross-entropy over phones and </s>; Adam, clipping at 5
        model, SB = Seq2Seq(int(parts[2])), 64
        opt = torch.optim.Adam(model.parameters(), lr=2e-3)
        lengths = [9 - 2 * b // (SB - 1) for b in range(SB)]
        S, TT = lengths[0], lengths[0]
        x = torch.zeros(S, SB, dtype=torch.long); yin = torch.zeros(TT, SB, dtype=torch.long); y = torch.full((TT, SB), -100, dtype=torch.long)
        for b, n in enumerate(lengths):
            x[:n, b] = torch.randint(4, 32, (n,))
            phones = torch.randint(4, 44, (n - 1,))
            yin[0, b] = 2; yin[1:n, b] = phones; y[:n - 1, b] = phones; y[n - 1, b] = 3
        lens = torch.tensor(lengths)
        def step():
            opt.zero_grad()
            memory, mask, state = model.encode(x, lens)
            outs = []
            for t in range(TT):
                out, state = model.step(memory, mask, state, yin[t])
                outs.append(out)
            loss = torch.nn.functional.cross_entropy(model.output(torch.stack(outs)).reshape(-1, 44), y.reshape(-1), ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
        fn = step
    elif parts[0] == "beam":                     # beam-lstm-256: beam search at width 5 over 256 words of 8 letters, batched, no
                                                 # graph; </s> impossible (output bias -1e4), so every beam runs 2*8 + 10 = 26 steps
        model, W, L, K = Seq2Seq(int(parts[2])).eval(), 256, 8, 5
        with torch.no_grad():
            model.output.bias[3] = -1e4
        x = torch.randint(4, 32, (L, W)); lens = torch.full((W,), L)
        def step():
            with torch.no_grad():
                memory, mask, (h, c, feed) = model.encode(x, lens)
                rows = torch.arange(W).repeat_interleave(K)                   # row b*K + k: beam k of word b
                memory, mask, h, c, feed = memory[rows], mask[rows], h[rows], c[rows], feed[rows]
                scores = torch.full((W, K), float("-inf")); scores[:, 0] = 0
                previous = torch.full((W * K,), 2, dtype=torch.long)
                outputs = torch.zeros(W * K, 0, dtype=torch.long)
                for t in range(2 * L + 10):
                    out, (h, c, feed) = model.step(memory, mask, (h, c, feed), previous)
                    logp = torch.log_softmax(model.output(out), 1)
                    logp[:, :3] = float("-inf")                              # never <pad>, <unk>, <s>
                    total = (scores.reshape(-1, 1) + logp).reshape(W, -1)      # (W, K*V)
                    scores, best = total.topk(K, 1)
                    origin = (torch.arange(W)[:, None] * K + best // logp.shape[1]).reshape(-1)
                    previous = (best % logp.shape[1]).reshape(-1)
                    h, c, feed = h[origin], c[origin], feed[origin]
                    outputs = torch.cat([outputs[origin], previous[:, None]], 1)
        fn = step
    elif parts[0] == "conditional":              # conditional-lstm-256: the class embedding is the first step's input, then the
                                                 # characters (Brown-sized: 85 characters, 15 genres); B 32 x T 256; Adam, clip 5
        hidden, CV, CK, CT = int(parts[2]), 85, 15, 256
        emb, cond = torch.nn.Embedding(CV, 64), torch.nn.Embedding(CK, 64)
        lstm, out = torch.nn.LSTM(64, hidden, 2), torch.nn.Linear(hidden, CV)
        params = [p for m in (emb, cond, lstm, out) for p in m.parameters()]
        opt = torch.optim.Adam(params, lr=2e-3)
        x = torch.randint(0, CV, (CT, B)); y = torch.randint(0, CV, (CT, B)); k = torch.randint(0, CK, (B,))
        def step():
            opt.zero_grad()
            h, _ = lstm(torch.cat([cond(k).unsqueeze(0), emb(x[1:])], 0))
            loss = torch.nn.functional.cross_entropy(out(h).reshape(-1, CV), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
        fn = step
    elif parts[0] == "layer":                    # layer-lstm-256: one LSTM layer I = H = 256, B 32 x T 64, fwd + bwd
        hidden = int(parts[2])
        lstm = torch.nn.LSTM(hidden, hidden, 1)
        x = torch.randn(T, B, hidden, requires_grad=True)
        def step():
            lstm.zero_grad(); x.grad = None
            out, _ = lstm(x)
            out.backward(torch.ones_like(out))
        fn = step
    elif parts[0] == "infer":                    # infer-lstm-256: 2-layer LSTM forward at B 64 x T 128
        hidden = int(parts[2])
        lstm = torch.nn.LSTM(hidden, hidden, 2)
        x = torch.randn(128, 64, hidden)
        def step():
            with torch.no_grad():
                lstm(x)
        fn = step
    elif parts[0] == "generate":                 # generate-lstm-256: 100 characters at batch 1, sampling included
        hidden = int(parts[2])
        model = CharModel("lstm", hidden).eval()
        def step():
            with torch.no_grad():
                token = torch.zeros(1, 1, dtype=torch.long); state = None
                for _ in range(100):
                    logits, state = model(token, state)
                    probs = torch.softmax(logits[-1, 0] / 0.8, dim=-1)
                    token = torch.multinomial(probs, 1).view(1, 1)
        fn = step
    elif parts[0] in ("gemm", "step"):           # gemm-2048x2048x2048 (M x K x N), B transposed for the RNN shapes;
                                                 # step-32x256x1024: h @ W_hh.t(), the product torch.nn.LSTM runs per step
        m, k, n = map(int, parts[1].split("x"))
        a = torch.rand(m, k)
        if m == k == n:
            b = torch.rand(k, n); fn = lambda: torch.mm(a, b)
        else:
            b = torch.rand(n, k); fn = lambda: torch.mm(a, b.t())
    else:
        raise ValueError(f"unknown workload {name}")
    _cache[name] = fn
    return fn

def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            if cmd["op"] == "info":
                torch.mm(torch.rand(64, 64), torch.rand(64, 64))          # make sure the BLAS library is loaded
                with open("/proc/self/maps") as maps:
                    libs = sorted({l.split()[-1].rsplit("/", 1)[-1] for l in maps if "blas" in l.lower()})
                blas = ("OpenBLAS" if any("openblas" in l for l in libs) else "reference BLAS (slow!)" if libs else "unknown BLAS") + f" ({', '.join(libs)})"
                reply = {"torch": torch.__version__, "blas": blas, "threads": torch.get_num_threads()}
            else:
                torch.set_num_threads(int(cmd["threads"]))
                fn = build(cmd["workload"])
                times, calls = [], int(cmd.get("calls", 1))
                for _ in range(int(cmd.get("reps", 1))):
                    t0 = time.perf_counter()
                    for _ in range(calls):
                        fn()
                    times.append((time.perf_counter() - t0) * 1e3 / calls)
                reply = {"ms": times}
                if cmd["op"] == "peak_memory":
                    reply["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        except Exception as e:  # report, keep serving
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n"); sys.stdout.flush()

if __name__ == "__main__":
    main()
