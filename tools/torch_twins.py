#!/usr/bin/python3
"""PyTorch twins of Recurrent's task models, and round trips of whole models between the two.

    /usr/bin/python3 tools/torch_twins.py CHECKPOINT... [--rnn "dotnet src/Recurrent.Cli/bin/Release/net10.0/rnn.dll"]

For each Recurrent checkpoint (language model, classifier, tagger, forecaster, seq2seq):
  1. Recurrent → PyTorch: builds the task's PyTorch module (the classes below), loads the checkpoint's weights by name
     with load_state_dict(strict=True), runs it and `rnn forward` on the same seeded inputs, and compares every output.
  2. PyTorch → Recurrent: trains the PyTorch module for 20 Adam steps, writes its state dict into a copy of the
     checkpoint (same metadata: configuration, vocabulary), and checks that `rnn forward` on that file gives what the
     trained PyTorch module gives.
Prints one line per checkpoint and direction, then "N of M round trips equal"; exits 1 if any differs.

Needs Debian's python3-torch only; safetensors is read and written by the few lines below. The module classes are
what a PyTorch user copies to use a Recurrent checkpoint (docs/interop.md).
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

TOLERANCE = 1e-5  # |a - b| <= TOLERANCE * max(1, |b|)


# --- safetensors, float32 only ---------------------------------------------------------------------------------------

def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", f"{path}: {name} is {info['dtype']}"
        begin, end = info["data_offsets"]
        values = torch.frombuffer(bytearray(data[8 + n + begin:8 + n + end]), dtype=torch.float32)
        tensors[name] = values.reshape(info["shape"]).clone()
    return tensors, metadata


def save_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# --- the twins ---------------------------------------------------------------------------------------------------------

def recurrent(cell, input_size, hidden, layers=1, bidirectional=False, dropout=0.0):
    """nn.LSTM / nn.GRU / nn.RNN for Recurrent's cell names (lstm, gru, rnn, rnn-relu)."""
    kwargs = dict(num_layers=layers, bidirectional=bidirectional, dropout=dropout if layers > 1 else 0.0)
    if cell == "lstm":
        return nn.LSTM(input_size, hidden, **kwargs)
    if cell == "gru":
        return nn.GRU(input_size, hidden, **kwargs)
    return nn.RNN(input_size, hidden, nonlinearity="relu" if cell == "rnn-relu" else "tanh", **kwargs)


def final_hidden(state):
    return state[0] if isinstance(state, tuple) else state


def run_packed(rnn, x, lengths, total):
    """PyTorch's packed sequences: each sequence runs over its own length; outputs are zero past it."""
    out, state = rnn(pack_padded_sequence(x, lengths.cpu(), enforce_sorted=False))
    return pad_packed_sequence(out, total_length=total)[0], state


def valid_steps(lengths, steps):
    """mask (T, B): t < len_b."""
    return torch.arange(steps)[:, None] < lengths[None, :]


class LanguageModel(nn.Module):
    """tokens (T, B) → Embedding → stack → Linear → logits (T, B, V); state for the next window."""

    def __init__(self, c):
        super().__init__()
        self.embedding = nn.Embedding(c["vocab_size"], c["embedding_size"])
        self.rnn = recurrent(c["cell"], c["embedding_size"], c["hidden_size"], c["layers"], dropout=c["dropout"])
        self.decoder = nn.Linear(c["hidden_size"], c["vocab_size"])

    def forward(self, tokens, initial_h=None, initial_c=None):
        state = None if initial_h is None else ((initial_h, initial_c) if isinstance(self.rnn, nn.LSTM) else initial_h)
        y, state = self.rnn(self.embedding(tokens), state)
        out = {"logits": self.decoder(y), "hidden": final_hidden(state)}
        if isinstance(self.rnn, nn.LSTM):
            out["cell"] = state[1]
        return out


class Classifier(nn.Module):
    """Many to one: tokens or values (T, B, F) over each length → pooling (last, mean, max, attention) → Linear."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        if c["vocab_size"] > 0:
            self.embedding = nn.Embedding(c["vocab_size"], c["embedding_size"])
        inputs = c["embedding_size"] if c["vocab_size"] > 0 else c["features"]
        self.rnn = recurrent(c["cell"], inputs, c["hidden_size"], c["layers"], c["bidirectional"], c["dropout"])
        pooled = (2 if c["bidirectional"] else 1) * c["hidden_size"]
        if c["pooling"] == "attention":
            self.attention = nn.Module()
            self.attention.proj = nn.Linear(pooled, pooled)
            self.attention.context = nn.Linear(pooled, 1, bias=False)
        self.output = nn.Linear(pooled, c["classes"])

    def forward(self, sequence_lens, tokens=None, values=None):
        x = self.embedding(tokens) if tokens is not None else values
        steps = x.shape[0]
        y, state = run_packed(self.rnn, x, sequence_lens, steps)
        mask = valid_steps(sequence_lens, steps)
        pooling = self.c["pooling"]
        if pooling == "last":
            d = 2 if self.c["bidirectional"] else 1
            top = final_hidden(state)[-d:]
            pooled = top.transpose(0, 1).reshape(x.shape[1], -1)
        elif pooling == "mean":
            pooled = y.sum(0) / sequence_lens[:, None].to(y.dtype)
        elif pooling == "max":
            pooled = y.masked_fill(~mask[..., None], float("-inf")).max(0).values
        else:
            scores = self.attention.context(torch.tanh(self.attention.proj(y))).masked_fill(~mask[..., None], float("-inf"))
            pooled = (torch.softmax(scores, 0) * y).sum(0)
        return {"logits": self.output(pooled)}


class Crf(nn.Module):
    def __init__(self, tags):
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(tags, tags))
        self.start = nn.Parameter(torch.zeros(tags))
        self.end = nn.Parameter(torch.zeros(tags))


class Tagger(nn.Module):
    """One tag per word: [word embedding; character BiLSTM of the word] → bidirectional stack → Linear → emissions."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embedding = nn.Embedding(c["vocab_size"], c["word_embedding"])
        if c["char_hidden"] > 0:
            self.char_embedding = nn.Embedding(c["char_vocab_size"], c["char_embedding"])
            self.char_rnn = nn.LSTM(c["char_embedding"], c["char_hidden"], bidirectional=True)
        self.rnn = recurrent(c["cell"], c["word_embedding"] + 2 * c["char_hidden"], c["hidden"], c["layers"], True, c["dropout"])
        self.output = nn.Linear(2 * c["hidden"], c["tags"])
        if c["crf"]:
            self.crf = Crf(c["tags"])

    def forward(self, words, sequence_lens, chars=None, char_lengths=None, word_slots=None):
        x = self.embedding(words)
        if self.c["char_hidden"] > 0:
            _, (h, _) = self.char_rnn(pack_padded_sequence(self.char_embedding(chars), char_lengths, enforce_sorted=False))
            per_word = h.transpose(0, 1).reshape(chars.shape[1], -1)          # →h at the last character, ←h at the first
            x = torch.cat([x, per_word[word_slots]], dim=2)
        y, _ = run_packed(self.rnn, x, sequence_lens, words.shape[0])
        return {"emissions": self.output(y)}


class Forecaster(nn.Module):
    """values (T, B, F) (scaled) → stack → Linear → outputs (T, B, O)."""

    def __init__(self, c):
        super().__init__()
        outputs = c["horizon"] if c["strategy"] == "direct" else c["features"]
        self.rnn = recurrent(c["cell"], c["features"], c["hidden_size"], c["layers"], dropout=c["dropout"])
        self.linear = nn.Linear(c["hidden_size"], outputs)

    def forward(self, values, initial_h=None, initial_c=None):
        state = None if initial_h is None else ((initial_h, initial_c) if isinstance(self.rnn, nn.LSTM) else initial_h)
        y, state = self.rnn(values, state)
        out = {"outputs": self.linear(y), "hidden": final_hidden(state)}
        if isinstance(self.rnn, nn.LSTM):
            out["cell"] = state[1]
        return out


class Seq2Seq(nn.Module):
    """Luong attention encoder-decoder with input feeding; teacher-forced over previous (T, B)."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        E, D, M = c["encoder_hidden"], c["decoder_hidden"], 2 * c["encoder_hidden"]
        lstm = c["cell"] == "lstm"
        self.source_embedding = nn.Embedding(c["source_vocab"], c["embedding"])
        self.encoder = recurrent(c["cell"], c["embedding"], E, c["encoder_layers"], True, c["dropout"])
        self.bridge_h = nn.Linear(M, D)
        if lstm:
            self.bridge_c = nn.Linear(M, D)
        self.target_embedding = nn.Embedding(c["target_vocab"], c["embedding"])
        cell = nn.LSTMCell if lstm else nn.GRUCell
        first = c["embedding"] + (D if c["input_feeding"] else 0)
        self.decoder = nn.ModuleList([cell(first if l == 0 else D, D) for l in range(c["decoder_layers"])])
        if c["attention"] != "none":
            self.attention = nn.Module()
            if c["attention"] in ("general", "additive"):
                self.attention.query = nn.Linear(D, M if c["attention"] == "general" else D, bias=False)
            if c["attention"] == "additive":
                self.attention.key = nn.Linear(M, D)
                self.attention.score = nn.Linear(D, 1, bias=False)
            self.combine = nn.Linear(M + D, D, bias=False)
        self.output = nn.Linear(D, c["target_vocab"])

    def forward(self, source, source_lens, previous):
        c, lstm = self.c, self.c["cell"] == "lstm"
        S, B = source.shape
        out, state = run_packed(self.encoder, self.source_embedding(source), source_lens, S)
        memory = out.transpose(0, 1)                                               # (B, S, 2E)

        def bridge(states, linear):
            return torch.tanh(linear(states[-2:].transpose(0, 1).reshape(B, -1)))

        h = [bridge(final_hidden(state), self.bridge_h)] * c["decoder_layers"]
        cells = [bridge(state[1], self.bridge_c)] * c["decoder_layers"] if lstm else None
        feed = torch.zeros(B, c["decoder_hidden"])
        keys = self.attention.key(memory) if c["attention"] == "additive" else None
        mask = torch.arange(S)[None, :] < source_lens[:, None]
        logits, weights = [], []
        for t in range(previous.shape[0]):
            x = self.target_embedding(previous[t])
            if c["input_feeding"]:
                x = torch.cat([x, feed], 1)
            for l, layer in enumerate(self.decoder):
                if lstm:
                    h[l], cells[l] = layer(x, (h[l], cells[l]))
                else:
                    h[l] = layer(x, h[l])
                x = h[l]
            top = x
            if c["attention"] == "none":
                attentional = top
            else:
                if c["attention"] == "additive":
                    scores = self.attention.score(torch.tanh(keys + self.attention.query(top)[:, None, :])).squeeze(2)
                else:
                    q = self.attention.query(top) if c["attention"] == "general" else top
                    scores = torch.bmm(memory, q[:, :, None]).squeeze(2)
                alpha = torch.softmax(scores.masked_fill(~mask, float("-inf")), 1)
                context = torch.bmm(alpha[:, None, :], memory).squeeze(1)
                attentional = torch.tanh(self.combine(torch.cat([context, top], 1)))
                weights.append(alpha)
            feed = attentional
            logits.append(self.output(attentional))
        out = {"logits": torch.stack(logits)}
        if weights:
            out["attention"] = torch.stack(weights)
        return out


TWINS = {"lm": LanguageModel, "char-lm": LanguageModel, "classifier": Classifier, "tagger": Tagger,
         "forecaster": Forecaster, "seq2seq": Seq2Seq}


# --- inputs, runs, comparisons -----------------------------------------------------------------------------------------

def inputs_for(kind, c, g):
    """Seeded inputs of each kind: a batch of 3 with different lengths (the longest at full length)."""
    T, B = 7, 3
    lengths = torch.tensor([T, 2, 5])

    def ids(limit, *shape):
        return torch.randint(0, limit, shape, generator=g)

    if kind in ("lm", "char-lm"):
        x = {"tokens": ids(c["vocab_size"], T, B)}
        x["initial_h"] = torch.randn(c["layers"], B, c["hidden_size"], generator=g)
        if c["cell"] == "lstm":
            x["initial_c"] = torch.randn(c["layers"], B, c["hidden_size"], generator=g)
        return x
    if kind == "classifier":
        x = {"sequence_lens": lengths}
        if c["vocab_size"] > 0:
            x["tokens"] = ids(c["vocab_size"], T, B)
        else:
            x["values"] = torch.randn(T, B, c["features"], generator=g)
        return x
    if kind == "tagger":
        x = {"words": ids(c["vocab_size"], T, B), "sequence_lens": lengths}
        if c["char_hidden"] > 0:
            N = 4
            x.update(chars=ids(c["char_vocab_size"], 6, N), char_lengths=torch.tensor([6, 1, 3, 4]), word_slots=ids(N, T, B))
        return x
    if kind == "forecaster":
        x = {"values": torch.randn(T, B, c["features"], generator=g),
             "initial_h": torch.randn(c["layers"], B, c["hidden_size"], generator=g)}
        if c["cell"] == "lstm":
            x["initial_c"] = torch.randn(c["layers"], B, c["hidden_size"], generator=g)
        return x
    return {"source": ids(c["source_vocab"], T, B), "source_lens": lengths, "previous": ids(c["target_vocab"], 4, B)}


def rnn_forward(rnn, checkpoint, inputs, folder):
    given, got = os.path.join(folder, "inputs.safetensors"), os.path.join(folder, "outputs.safetensors")
    save_safetensors(given, {k: v.to(torch.float32) for k, v in inputs.items()})
    subprocess.run(rnn + ["forward", "--model", checkpoint, "--inputs", given, "--out", got], check=True, stdout=subprocess.DEVNULL)
    return load_safetensors(got)[0]


def largest_difference(expected, actual):
    worst = 0.0
    for name, value in expected.items():
        assert name in actual, f"rnn forward gave no '{name}'"
        a, e = actual[name], value.detach().reshape(actual[name].shape)
        worst = max(worst, ((a - e).abs() / e.abs().clamp(min=1)).max().item())
    return worst


def round_trips(checkpoint, rnn, folder):
    tensors, metadata = load_safetensors(checkpoint)
    kind = metadata["format"].split("/")[1]
    config = json.loads(metadata["model_config"])
    twin = TWINS[kind](config)
    state = {k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}
    twin.load_state_dict(state, strict=True)
    twin.eval()
    inputs = inputs_for(kind, config, torch.Generator().manual_seed(12))
    with torch.no_grad():
        expected = twin(**inputs)
    results = [("Recurrent → PyTorch", largest_difference(expected, rnn_forward(rnn, checkpoint, inputs, folder)))]

    # PyTorch → Recurrent: train the twin, write its state dict into the checkpoint's copy, evaluate with rnn.
    twin.train()
    optimizer = torch.optim.Adam(twin.parameters(), lr=0.01)
    for _ in range(20):
        optimizer.zero_grad()
        loss = sum((y ** 2).mean() for y in twin(**inputs).values())
        loss.backward()
        optimizer.step()
    twin.eval()
    trained = {f"model.{k}": v for k, v in twin.state_dict().items()}
    assert any((trained[k] - tensors[k]).abs().max() > 0 for k in trained), "training changed no weight"
    copy = os.path.join(folder, "trained-in-pytorch.safetensors")
    save_safetensors(copy, {**{k: v for k, v in tensors.items() if not k.startswith("model.")}, **trained}, metadata)
    with torch.no_grad():
        expected = twin(**inputs)
    results.append(("PyTorch → Recurrent", largest_difference(expected, rnn_forward(rnn, copy, inputs, folder))))
    return kind, results


def main(argv):
    rnn = ["dotnet", "src/Recurrent.Cli/bin/Release/net10.0/rnn.dll"]
    if "--rnn" in argv:
        i = argv.index("--rnn")
        rnn = argv[i + 1].split()
        argv = argv[:i] + argv[i + 2:]
    torch.manual_seed(0)
    equal = total = 0
    for checkpoint in argv:
        with tempfile.TemporaryDirectory() as folder:
            kind, results = round_trips(checkpoint, rnn, folder)
        for direction, difference in results:
            total += 1
            ok = difference <= TOLERANCE
            equal += ok
            print(f"{checkpoint} ({kind}): {direction} {'equal' if ok else 'DIFFERENT'} (largest relative difference {difference:.2e})")
    print(f"{equal} of {total} round trips equal")
    return 0 if equal == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
