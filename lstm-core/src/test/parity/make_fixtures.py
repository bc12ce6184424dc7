"""Generates the PyTorch parity fixtures for lstm4j's LSTM.

Each case builds ``torch.nn.LSTM`` (time-major, ``batch_first=False``) followed by a
``torch.nn.Linear`` head and ``torch.nn.CrossEntropyLoss`` (mean), runs one forward and one
backward pass in PyTorch, and writes weights, inputs, outputs, the loss and every gradient to one
safetensors file:

    lstm-core/src/test/resources/io/github/lstm4j/core/parity/<case>.safetensors

plus a float64 twin of one case (``<case>_f64.safetensors``, computed with ``.double()``). The file
format (tensor names, shapes, layouts, metadata keys) is specified in ``README.md`` next to this
script; the Java parity tests are written against that document.

Before a file is written, its forward results and gradients are recomputed from the stored tensors
by a plain float64 implementation of the equations in README.md (with autograd for the gradients),
so the documented gate order, direction conventions and ``head_mode`` semantics are checked against
what nn.LSTM actually did.

Regenerate from the repository root (Debian's PyTorch, no other dependency):

    /usr/bin/python3 lstm-core/src/test/parity/make_fixtures.py

Output is deterministic: every case seeds ``torch.manual_seed`` with its own seed and runs on one
thread, so rerunning with the same PyTorch build rewrites byte-identical files. The committed
fixtures were generated with torch 1.13.0a0 (Debian bookworm's python3-torch), numpy 1.24.2;
the version used is also stored in every file's ``torch_version`` metadata key.
"""

import json
import os
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

FORMAT = "lstm4j-parity-1"
OUT_DIR = Path(__file__).resolve().parents[1] / "resources/io/github/lstm4j/core/parity"

# Scale of the random initial state; "small" so the cell stays out of saturation.
INITIAL_STATE_SCALE = 0.5
# Extra noise added to bias_ih and bias_hh after PyTorch's default U(-1/sqrt(H), 1/sqrt(H)) init,
# so that both biases are clearly non-zero and different (lstm4j stores only their sum).
BIAS_IH_NOISE = 0.3
BIAS_HH_NOISE = 0.3
BIAS_HH_SHIFT = 0.1

# Tolerances of the float64 re-derivation check, per stored dtype.
SELF_CHECK_TOLERANCE = {torch.float32: 1e-5, torch.float64: 1e-12}

SAFETENSORS_DTYPE = {torch.float32: "F32", torch.float64: "F64"}


@dataclass(frozen=True)
class Case:
    """One fixture: model sizes, data sizes and how the head reads the LSTM."""

    seed: int
    num_layers: int
    bidirectional: bool
    input_size: int
    hidden_size: int
    seq_len: int
    batch_size: int
    num_classes: int
    head_mode: str  # "all": head on every output step; "last": head on the final hidden state
    initial_state: bool
    token_ids: bool  # input is one-hot rows of token ids (input_size == num_classes)
    description: str
    # Per-row lengths for pack_padded_sequence(enforce_sorted=False), or None: every row runs T.
    lengths: tuple = None

    @property
    def name(self):
        """The file name, made of what sets the case apart: e.g. l2_uni_state_all."""
        direction = "bi" if self.bidirectional else "uni"
        state = "_state" if self.initial_state else ""
        tokens = "_tokens" if self.token_ids else ""
        packed = "_packed" if self.lengths else ""
        return f"l{self.num_layers}_{direction}{state}{tokens}{packed}_{self.head_mode}"

    @property
    def num_directions(self):
        return 2 if self.bidirectional else 1


# The fixture table of README.md, one row per case (L = num_layers, V = num_classes).
# fmt: off
CASES = [
    #    seed  L  bi     I   H   T   B  V   head    state  tokens
    Case(1001, 1, False, 7,  13, 11, 3, 6,  "all",  False, False,
         "1 layer, unidirectional, zero initial state, head on every step"),
    Case(1002, 1, False, 4,  6,  9,  2, 5,  "last", True,  False,
         "1 layer, unidirectional, given h0/c0, head on the last hidden state"),
    Case(1003, 2, False, 5,  9,  6,  4, 7,  "all",  True,  False,
         "2 layers, unidirectional, given h0/c0, head on every step"),
    Case(1004, 1, True,  7,  13, 11, 3, 6,  "all",  False, False,
         "1 layer, bidirectional, zero initial state, head on every step"),
    Case(1005, 2, True,  6,  8,  7,  3, 4,  "last", True,  False,
         "2 layers, bidirectional, given h0/c0, head on cat(h_n[-2], h_n[-1])"),
    Case(1006, 2, False, 11, 10, 8,  3, 11, "all",  False, True,
         "2 layers, unidirectional, one-hot token-id input (next-token targets), "
         "head on every step"),
    # Packed sequences: unsorted lengths that include 1 and T; padded outputs are zeros that the
    # head still reads ("all"), so their gradient must be dropped at the padding.
    Case(1007, 1, False, 5,  7,  6,  4, 5,  "all",  False, False,
         "1 layer, unidirectional, packed (lengths 3 6 1 4), head on every padded step",
         (3, 6, 1, 4)),
    Case(1008, 2, True,  4,  6,  7,  5, 3,  "last", True,  False,
         "2 layers, bidirectional, given h0/c0, packed (lengths 2 7 1 5 7), "
         "head on cat(h_n[-2], h_n[-1])",
         (2, 7, 1, 5, 7)),
    Case(1009, 1, True,  3,  5,  5,  3, 4,  "all",  True,  False,
         "1 layer, bidirectional, given h0/c0, packed (lengths 5 1 3), head on every padded step",
         (5, 1, 3)),
    Case(1010, 2, False, 6,  5,  5,  3, 3,  "last", False, False,
         "2 layers, unidirectional, packed (lengths 4 5 1), head on the last hidden state",
         (4, 5, 1)),
]
# fmt: on

# The case that also gets a float64 twin "<name>_f64".
F64_TWIN = "l1_bi_all"


def lstm_param_names(case):
    """PyTorch's state_dict names of nn.LSTM, in PyTorch's order."""
    names = []
    for layer in range(case.num_layers):
        for direction in range(case.num_directions):
            suffix = "_reverse" if direction else ""
            for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                names.append(f"{kind}_l{layer}{suffix}")
    return names


def build(case):
    """Seeded float32 model and data; returns (lstm, head, data), data = name -> tensor."""
    torch.manual_seed(case.seed)
    lstm = nn.LSTM(
        input_size=case.input_size,
        hidden_size=case.hidden_size,
        num_layers=case.num_layers,
        bidirectional=case.bidirectional,
        batch_first=False,
    )
    head = nn.Linear(case.num_directions * case.hidden_size, case.num_classes)
    with torch.no_grad():
        for name, param in lstm.named_parameters():
            if name.startswith("bias_ih"):
                param.add_(BIAS_IH_NOISE * torch.randn_like(param))
            elif name.startswith("bias_hh"):
                param.add_(BIAS_HH_NOISE * torch.randn_like(param) + BIAS_HH_SHIFT)

    T, B, I = case.seq_len, case.batch_size, case.input_size
    LD, H = case.num_layers * case.num_directions, case.hidden_size
    data = {}
    if case.token_ids:
        # char-rnn style: T + 1 ids per stream, input = ids[:-1], targets = ids[1:].
        ids = torch.randint(0, case.input_size, (T + 1, B))
        data["input_ids"] = ids[:-1].to(torch.float32)
        data["input"] = nn.functional.one_hot(ids[:-1], case.input_size).to(torch.float32)
        data["targets"] = ids[1:].to(torch.float32)
    else:
        data["input"] = torch.randn(T, B, I)
    if case.initial_state:
        data["h0"] = INITIAL_STATE_SCALE * torch.randn(LD, B, H)
        data["c0"] = INITIAL_STATE_SCALE * torch.randn(LD, B, H)
    if not case.token_ids:
        target_shape = (T, B) if case.head_mode == "all" else (B,)
        data["targets"] = torch.randint(0, case.num_classes, target_shape).to(torch.float32)
    if case.lengths:
        data["lengths"] = torch.tensor(case.lengths, dtype=torch.float32)
    return lstm, head, data


def head_input(case, output, h_n):
    """What the head reads: every step of output ("all") or the final hidden state ("last")."""
    if case.head_mode == "all":
        return output  # (T, B, D*H)
    if case.bidirectional:
        # last layer's forward final state (t = T-1) next to its reverse final state (t = 0)
        return torch.cat((h_n[-2], h_n[-1]), dim=1)  # (B, 2H)
    return h_n[-1]  # (B, H), equals output[-1]


def run_pytorch(case, lstm, head, data):
    """Forward + backward with nn.LSTM; returns name -> tensor of results and gradients."""
    x = data["input"].clone().requires_grad_(True)
    state = None
    if case.initial_state:
        h0 = data["h0"].clone().requires_grad_(True)
        c0 = data["c0"].clone().requires_grad_(True)
        state = (h0, c0)
    lstm.zero_grad(set_to_none=True)
    head.zero_grad(set_to_none=True)

    if case.lengths:
        lengths = data["lengths"].to(torch.int64)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
        packed_output, (h_n, c_n) = lstm(packed, state)
        output, _ = nn.utils.rnn.pad_packed_sequence(packed_output, total_length=case.seq_len)
    else:
        output, (h_n, c_n) = lstm(x, state)
    logits = head(head_input(case, output, h_n))
    targets = data["targets"].to(torch.int64)
    loss = nn.CrossEntropyLoss()(
        logits.reshape(-1, case.num_classes), targets.reshape(-1)
    )  # mean over T*B ("all") or B ("last") rows
    loss.backward()

    results = {
        "output": output,
        "h_n": h_n,
        "c_n": c_n,
        "logits": logits,
        "loss": loss,  # shape [] (0-dim)
        "grad.input": x.grad,
    }
    if case.initial_state:
        results["grad.h0"] = state[0].grad
        results["grad.c0"] = state[1].grad
    for name, param in lstm.named_parameters():
        results[f"grad.{name}"] = param.grad
    for name, param in head.named_parameters():
        results[f"grad.head.{name}"] = param.grad
    return {name: t.detach().clone() for name, t in results.items()}


def reference_lstm(case, params, x, h0, c0):
    """The README's equations, written out: (output, h_n, c_n) of a stacked (bi)LSTM."""
    if case.lengths:
        return reference_packed_lstm(case, params, x, h0, c0)
    T, B, H, D = case.seq_len, case.batch_size, case.hidden_size, case.num_directions
    layer_input = x
    h_finals, c_finals = [], []
    for layer in range(case.num_layers):
        direction_outputs = []
        for direction in range(D):
            suffix = "_reverse" if direction else ""
            w_ih = params[f"weight_ih_l{layer}{suffix}"]  # (4H, in), row blocks i, f, g, o
            w_hh = params[f"weight_hh_l{layer}{suffix}"]  # (4H, H)
            bias = params[f"bias_ih_l{layer}{suffix}"] + params[f"bias_hh_l{layer}{suffix}"]
            k = layer * D + direction
            h = h0[k] if h0 is not None else x.new_zeros(B, H)
            c = c0[k] if c0 is not None else x.new_zeros(B, H)
            steps = range(T) if direction == 0 else range(T - 1, -1, -1)
            hs = [None] * T
            for t in steps:
                z = layer_input[t] @ w_ih.T + h @ w_hh.T + bias  # (B, 4H)
                i = torch.sigmoid(z[:, 0 * H : 1 * H])
                f = torch.sigmoid(z[:, 1 * H : 2 * H])
                g = torch.tanh(z[:, 2 * H : 3 * H])
                o = torch.sigmoid(z[:, 3 * H : 4 * H])
                c = f * c + i * g
                h = o * torch.tanh(c)
                hs[t] = h
            direction_outputs.append(torch.stack(hs))  # (T, B, H)
            h_finals.append(h)
            c_finals.append(c)
        layer_input = torch.cat(direction_outputs, dim=2)  # (T, B, D*H): [forward | reverse]
    return layer_input, torch.stack(h_finals), torch.stack(c_finals)


def reference_packed_lstm(case, params, x, h0, c0):
    """The equations over sequences of different lengths, one row at a time: row b reads steps
    0 .. len-1 (the reverse direction len-1 .. 0), outputs zeros past len, and its final state is
    the state after its last valid step."""
    T, B, H, D = case.seq_len, case.batch_size, case.hidden_size, case.num_directions
    layer_input = x
    h_finals, c_finals = [], []
    for layer in range(case.num_layers):
        direction_outputs = []
        for direction in range(D):
            suffix = "_reverse" if direction else ""
            w_ih = params[f"weight_ih_l{layer}{suffix}"]
            w_hh = params[f"weight_hh_l{layer}{suffix}"]
            bias = params[f"bias_ih_l{layer}{suffix}"] + params[f"bias_hh_l{layer}{suffix}"]
            k = layer * D + direction
            rows, h_rows, c_rows = [], [], []
            for b in range(B):
                n = case.lengths[b]
                h = h0[k, b] if h0 is not None else x.new_zeros(H)
                c = c0[k, b] if c0 is not None else x.new_zeros(H)
                hs = [x.new_zeros(H)] * T
                for t in range(n) if direction == 0 else range(n - 1, -1, -1):
                    z = layer_input[t, b] @ w_ih.T + h @ w_hh.T + bias  # (4H)
                    i = torch.sigmoid(z[0 * H : 1 * H])
                    f = torch.sigmoid(z[1 * H : 2 * H])
                    g = torch.tanh(z[2 * H : 3 * H])
                    o = torch.sigmoid(z[3 * H : 4 * H])
                    c = f * c + i * g
                    h = o * torch.tanh(c)
                    hs[t] = h
                rows.append(torch.stack(hs))  # (T, H)
                h_rows.append(h)
                c_rows.append(c)
            direction_outputs.append(torch.stack(rows, dim=1))  # (T, B, H)
            h_finals.append(torch.stack(h_rows))
            c_finals.append(torch.stack(c_rows))
        layer_input = torch.cat(direction_outputs, dim=2)
    return layer_input, torch.stack(h_finals), torch.stack(c_finals)


def self_check(case, tensors, dtype):
    """Re-derives results and gradients in float64 from the stored tensors.

    Returns the largest absolute deviation; raises AssertionError if it exceeds the tolerance.
    """
    leaf_names = lstm_param_names(case) + ["head.weight", "head.bias", "input"]
    if case.initial_state:
        leaf_names += ["h0", "c0"]
    leaves = {n: tensors[n].to(torch.float64).requires_grad_(True) for n in leaf_names}
    output, h_n, c_n = reference_lstm(
        case, leaves, leaves["input"], leaves.get("h0"), leaves.get("c0")
    )
    logits = head_input(case, output, h_n) @ leaves["head.weight"].T + leaves["head.bias"]
    rows = logits.reshape(-1, case.num_classes)
    targets = tensors["targets"].reshape(-1).to(torch.int64)
    loss = (torch.logsumexp(rows, dim=1) - rows[torch.arange(rows.shape[0]), targets]).mean()
    loss.backward()

    recomputed = {"output": output, "h_n": h_n, "c_n": c_n, "logits": logits, "loss": loss}
    for name in leaf_names:
        recomputed[f"grad.{name}"] = leaves[name].grad
    tolerance = SELF_CHECK_TOLERANCE[dtype]
    worst = 0.0
    for name, value in recomputed.items():
        stored = tensors[name].to(torch.float64)
        if stored.shape != value.shape:
            raise AssertionError(
                f"{case.name}: {name} shape {tuple(stored.shape)} != {tuple(value.shape)}"
            )
        diff = (stored - value.detach()).abs().max().item()
        if not diff <= tolerance:
            raise AssertionError(f"{case.name}: {name} differs from the equations by {diff:.3e}")
        worst = max(worst, diff)
    if "input_ids" in tensors:
        one_hot = nn.functional.one_hot(tensors["input_ids"].to(torch.int64), case.input_size)
        if not torch.equal(one_hot.to(dtype), tensors["input"]):
            raise AssertionError(f"{case.name}: input is not the one-hot of input_ids")
    return worst


def fixture(case, dtype):
    """All tensors and metadata of one case, computed in the given dtype."""
    lstm, head, data = build(case)
    if dtype != torch.float32:
        # Same float32-drawn weights and inputs, widened exactly, then computed in float64.
        lstm = lstm.to(dtype)
        head = head.to(dtype)
        data = {name: t.to(dtype) for name, t in data.items()}
    tensors = dict(data)
    tensors.update({name: p.detach().clone() for name, p in lstm.state_dict().items()})
    tensors.update({f"head.{name}": p.detach().clone() for name, p in head.state_dict().items()})
    tensors.update(run_pytorch(case, lstm, head, data))
    deviation = self_check(case, tensors, dtype)

    metadata = {
        "format": FORMAT,
        "torch_version": torch.__version__,
        "case": case.name if dtype == torch.float32 else f"{case.name}_f64",
        "description": case.description
        + ("" if dtype == torch.float32 else " (float64 twin of " + case.name + ")"),
        "input_size": str(case.input_size),
        "hidden_size": str(case.hidden_size),
        "num_layers": str(case.num_layers),
        "bidirectional": "true" if case.bidirectional else "false",
        "seq_len": str(case.seq_len),
        "batch_size": str(case.batch_size),
        "num_classes": str(case.num_classes),
        "head_mode": case.head_mode,
        "has_initial_state": "true" if case.initial_state else "false",
        "dtype": SAFETENSORS_DTYPE[dtype],
        "seed": str(case.seed),
    }
    if case.lengths:
        metadata["lengths"] = " ".join(map(str, case.lengths))
    return tensors, metadata, deviation


def safetensors_bytes(tensors, metadata):
    """Serializes name -> tensor as safetensors, the data laid out in sorted-name order."""
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        raw = t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {
            "dtype": SAFETENSORS_DTYPE[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    header_bytes = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    return struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks)


def write_atomically(path, payload):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    jobs = [(case, torch.float32) for case in CASES]
    jobs += [(case, torch.float64) for case in CASES if case.name == F64_TWIN]
    for case, dtype in jobs:
        tensors, metadata, deviation = fixture(case, dtype)
        path = OUT_DIR / f"{metadata['case']}.safetensors"
        payload = safetensors_bytes(tensors, metadata)
        write_atomically(path, payload)
        print(
            f"{path.name}: {len(tensors)} tensors, {len(payload)} bytes, "
            f"loss {tensors['loss'].item():.6f}, max |diff| to float64 equations {deviation:.2e}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
