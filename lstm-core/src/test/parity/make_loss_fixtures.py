"""Generates the PyTorch parity fixtures for lstm4j's losses and its Embedding layer.

Two kinds of safetensors files, written to

    lstm-core/src/test/resources/io/github/lstm4j/core/parity/losses/<case>.safetensors

1. Loss cases (metadata "format" = "lstm4j-loss-parity-1"): one loss on one small batch.
   Tensors: "input" (logits or predictions), "target" (float; class ids as integer-valued floats for
   "ce"), optionally "mask" (one weight per row), "pos_weight" (F) or "weight" (V), the loss
   "loss" (0-dim) and its gradient "grad.input". Metadata: "loss" (mse, huber, smooth_l1, bce,
   ce), "reduction" (mean, sum), "delta" / "beta" / "ignore_index" when the loss has one.
   Without a mask the loss is the torch.nn module itself (nn.MSELoss, nn.HuberLoss,
   nn.SmoothL1Loss, nn.BCEWithLogitsLoss, nn.CrossEntropyLoss). PyTorch has no row mask; with one,
   the loss is lstm4j's definition written in PyTorch ops:
   (loss(reduction="none") * mask[:, None]).sum(), divided by F * mask.sum() for "mean".

2. The Embedding -> LSTM -> Linear -> CrossEntropyLoss tagger ("embedding_lstm_tagger", format
   "lstm4j-embedding-parity-1"): an nn.Module with submodules "embedding" (nn.Embedding with
   padding_idx), "lstm" (nn.LSTM, time-major) and "head" (nn.Linear), so its state_dict names are
   "embedding.weight", "lstm.weight_ih_l0", ..., "head.bias". Data: "input_ids" and "targets"
   (T, B) as floats, padded at the end of each row with padding_idx and with ignore_index;
   "class_weight" (C). Results: "embedded", "output", "logits", "loss" and "grad.<name>" for
   every parameter.

Every value is also recomputed in float64 from the stored tensors; a file is only written if the
float32 results agree with that recomputation.

Regenerate from the repository root (Debian's PyTorch, no other dependency):

    /usr/bin/python3 lstm-core/src/test/parity/make_loss_fixtures.py

Output is deterministic (per-case seeds, one thread). The committed files were made with torch
1.13.0a0 (Debian bookworm's python3-torch); the version is in every file's "torch_version".
"""

import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from make_fixtures import safetensors_bytes, write_atomically

OUT_DIR = Path(__file__).resolve().parents[1] / "resources/io/github/lstm4j/core/parity/losses"
LOSS_FORMAT = "lstm4j-loss-parity-1"
EMBEDDING_FORMAT = "lstm4j-embedding-parity-1"
SELF_CHECK_RELATIVE = 1e-5


def masked(per_element, mask, reduction):
    """lstm4j's masked reduction of a (N, F) tensor of per-element losses."""
    total = (per_element * mask[:, None]).sum()
    if reduction == "sum":
        return total
    return total / (mask.sum() * per_element.shape[1])


def loss_function(meta, extras):
    """The PyTorch loss of a case as a function of (input, target), in any dtype."""
    kind, reduction = meta["loss"], meta["reduction"]
    mask = extras.get("mask")

    def fn(x, y):
        dtype = x.dtype
        if kind == "mse":
            module = nn.MSELoss(reduction="none" if mask is not None else reduction)
        elif kind == "huber":
            module = nn.HuberLoss(
                reduction="none" if mask is not None else reduction, delta=float(meta["delta"])
            )
        elif kind == "smooth_l1":
            module = nn.SmoothL1Loss(
                reduction="none" if mask is not None else reduction, beta=float(meta["beta"])
            )
        elif kind == "bce":
            pos_weight = extras.get("pos_weight")
            module = nn.BCEWithLogitsLoss(
                reduction="none" if mask is not None else reduction,
                pos_weight=None if pos_weight is None else pos_weight.to(dtype),
            )
        elif kind == "ce":
            weight = extras.get("weight")
            module = nn.CrossEntropyLoss(
                weight=None if weight is None else weight.to(dtype),
                ignore_index=int(meta["ignore_index"]) if "ignore_index" in meta else -100,
                reduction=reduction,
                label_smoothing=float(meta.get("label_smoothing", "0")),
            )
            classes = x.shape[-1]
            return module(x.reshape(-1, classes), y.reshape(-1).to(torch.int64))
        else:
            raise ValueError(kind)
        if mask is None:
            return module(x, y)
        columns = x.shape[-1]
        return masked(
            module(x.reshape(-1, columns), y.reshape(-1, columns)), mask.to(dtype), reduction
        )

    return fn


def loss_cases():
    """(name, metadata, input, target, extras) of every loss case."""
    cases = []

    def add(name, seed, meta, make):
        torch.manual_seed(seed)
        x, y, extras = make()
        cases.append((name, meta, x, y, extras))

    add("mse_mean", 2001, {"loss": "mse", "reduction": "mean"},
        lambda: (torch.randn(5, 3), torch.randn(5, 3), {}))
    add("mse_sum_time_major", 2002, {"loss": "mse", "reduction": "sum"},
        lambda: (torch.randn(4, 2, 3), torch.randn(4, 2, 3), {}))
    add("mse_mean_masked", 2003, {"loss": "mse", "reduction": "mean"},
        lambda: (torch.randn(6, 3), torch.randn(6, 3),
                 {"mask": torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])}))
    add("huber_mean", 2004, {"loss": "huber", "reduction": "mean", "delta": "0.7"},
        lambda: (2 * torch.randn(6, 4), torch.randn(6, 4), {}))
    add("huber_sum_masked", 2005, {"loss": "huber", "reduction": "sum", "delta": "1.5"},
        lambda: (3 * torch.randn(5, 2), torch.randn(5, 2),
                 {"mask": torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0])}))
    add("smooth_l1_mean", 2006, {"loss": "smooth_l1", "reduction": "mean", "beta": "0.5"},
        lambda: (2 * torch.randn(4, 3), torch.randn(4, 3), {}))

    def bce_pos_weight():
        x = 4 * torch.randn(6, 4)
        y = torch.bernoulli(torch.full((6, 4), 0.4))
        x[0, 0], y[0, 0] = 100.0, 1.0  # confident and right
        x[1, 1], y[1, 1] = -100.0, 1.0  # confident and wrong, on a weighted positive
        x[2, 2], y[2, 2] = 100.0, 0.0  # confident and wrong
        x[3, 3], y[3, 3] = -100.0, 0.0  # confident and right
        y[4, 0] = 0.3  # a soft label
        return x, y, {"pos_weight": torch.tensor([3.0, 0.5, 1.0, 2.0])}

    add("bce_pos_weight_mean", 2007, {"loss": "bce", "reduction": "mean"}, bce_pos_weight)

    def bce_single_label():
        x = 5 * torch.randn(7, 1)
        x[2, 0], x[5, 0] = 100.0, -100.0
        return x, torch.bernoulli(torch.full((7, 1), 0.5)), {}

    add("bce_single_label_sum", 2008, {"loss": "bce", "reduction": "sum"}, bce_single_label)
    add("bce_multi_label_mean_masked", 2009, {"loss": "bce", "reduction": "mean"},
        lambda: (3 * torch.randn(5, 3), torch.bernoulli(torch.full((5, 3), 0.5)),
                 {"mask": torch.tensor([1.0, 1.0, 0.0, 1.0, 0.0])}))

    def ce_ignore_weights():
        y = torch.randint(0, 5, (8,))
        y[[1, 4, 6]] = -100
        return 2 * torch.randn(8, 5), y.to(torch.float32), {"weight": torch.rand(5) + 0.2}

    add("ce_ignore_weights_mean", 2010,
        {"loss": "ce", "reduction": "mean", "ignore_index": "-100"}, ce_ignore_weights)

    def ce_pad_class():
        y = torch.randint(1, 4, (3, 2))
        y[2, 0], y[1, 1], y[2, 1] = 0, 0, 0  # padded steps carry the padding class 0
        return 2 * torch.randn(3, 2, 4), y.to(torch.float32), {}

    add("ce_ignore_pad_class_sum", 2011,
        {"loss": "ce", "reduction": "sum", "ignore_index": "0"}, ce_pad_class)
    add("ce_weights_mean", 2012, {"loss": "ce", "reduction": "mean"},
        lambda: (3 * torch.randn(6, 4), torch.randint(0, 4, (6,)).to(torch.float32),
                 {"weight": torch.tensor([0.5, 2.0, 1.0, 0.25])}))
    add("ce_smoothing_ignore_mean", 2013,
        {"loss": "ce", "reduction": "mean", "ignore_index": "-100", "label_smoothing": "0.1"},
        lambda: ce_ignore_weights()[:2] + ({},))
    add("ce_smoothing_ignore_weights_sum", 2014,
        {"loss": "ce", "reduction": "sum", "ignore_index": "-100", "label_smoothing": "0.25"},
        ce_ignore_weights)
    add("ce_smoothing_weights_mean", 2015,
        {"loss": "ce", "reduction": "mean", "label_smoothing": "0.2"},
        lambda: (3 * torch.randn(6, 4), torch.randint(0, 4, (6,)).to(torch.float32),
                 {"weight": torch.tensor([0.5, 2.0, 1.0, 0.25])}))
    return cases


def loss_fixture(name, meta, x, y, extras):
    fn = loss_function(meta, extras)
    leaf = x.clone().requires_grad_(True)
    loss = fn(leaf, y)
    loss.backward()
    # float64 recomputation from the stored float32 tensors
    leaf64 = x.to(torch.float64).requires_grad_(True)
    loss64 = fn(leaf64, y.to(torch.float64))
    loss64.backward()
    deviation = max(
        abs(loss.item() - loss64.item()) / max(1.0, abs(loss64.item())),
        ((leaf.grad.double() - leaf64.grad).abs().max() / leaf64.grad.abs().max().clamp(min=1e-30))
        .item(),
    )
    if not deviation <= SELF_CHECK_RELATIVE:
        raise AssertionError(f"{name}: float32 differs from float64 by {deviation:.2e}")
    tensors = {"input": x, "target": y, "loss": loss.detach(), "grad.input": leaf.grad}
    tensors.update(extras)
    metadata = dict(meta)
    metadata.update({"format": LOSS_FORMAT, "case": name, "torch_version": torch.__version__})
    return tensors, metadata, deviation


class Tagger(nn.Module):
    """Embedding -> LSTM -> Linear, time-major."""

    def __init__(self, vocab_size, embedding_dim, padding_idx, hidden_size, bidirectional, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embedding_dim, hidden_size, bidirectional=bidirectional)
        self.head = nn.Linear(hidden_size * (2 if bidirectional else 1), classes)

    def forward(self, ids):
        embedded = self.embedding(ids)
        output, _ = self.lstm(embedded)
        return embedded, output, self.head(output)


def embedding_fixture():
    V, E, PAD, H, C, T, B, IGNORE = 9, 5, 0, 6, 4, 6, 3, -100
    lengths = [6, 4, 2]
    torch.manual_seed(3001)
    model = Tagger(V, E, PAD, H, True, C)
    ids = torch.randint(1, V, (T, B))
    targets = torch.randint(0, C, (T, B))
    for b, length in enumerate(lengths):
        ids[length:, b] = PAD
        targets[length:, b] = IGNORE
    class_weight = torch.rand(C) + 0.5
    criterion = nn.CrossEntropyLoss(weight=class_weight, ignore_index=IGNORE)

    def run(module, dtype):
        module = module.to(dtype)
        module.zero_grad(set_to_none=True)
        embedded, output, logits = module(ids)
        embedded.retain_grad()
        criterion.weight = class_weight.to(dtype)
        loss = criterion(logits.reshape(-1, C), targets.reshape(-1))
        loss.backward()
        return embedded, output, logits, loss

    embedded, output, logits, loss = run(model, torch.float32)
    tensors = {name: p.detach().clone() for name, p in model.state_dict().items()}
    tensors.update(
        {
            "input_ids": ids.to(torch.float32),
            "targets": targets.to(torch.float32),
            "class_weight": class_weight,
            "embedded": embedded.detach(),
            "output": output.detach(),
            "logits": logits.detach(),
            "loss": loss.detach(),
        }
    )
    for name, p in model.named_parameters():
        tensors[f"grad.{name}"] = p.grad.detach().clone()
    if tensors["grad.embedding.weight"][PAD].abs().max().item() != 0.0:
        raise AssertionError("PyTorch gave the padding row a gradient")

    # float64 recomputation from the stored float32 weights
    model64 = Tagger(V, E, PAD, H, True, C)
    model64.load_state_dict({n: t for n, t in tensors.items() if n in model.state_dict()})
    _, _, logits64, loss64 = run(model64, torch.float64)
    deviation = abs(loss.item() - loss64.item())
    deviation = max(deviation, (logits.double() - logits64).abs().max().item())
    for name, p in model64.named_parameters():
        deviation = max(deviation, (tensors[f"grad.{name}"].double() - p.grad).abs().max().item())
    if not deviation <= SELF_CHECK_RELATIVE:
        raise AssertionError(f"embedding_lstm_tagger: float32 differs by {deviation:.2e}")
    metadata = {
        "format": EMBEDDING_FORMAT,
        "case": "embedding_lstm_tagger",
        "torch_version": torch.__version__,
        "description": "Embedding(padding_idx) -> bidirectional LSTM -> Linear -> "
        "CrossEntropyLoss(weight, ignore_index) on end-padded rows of lengths "
        + ", ".join(map(str, lengths)),
        "vocab_size": str(V),
        "embedding_dim": str(E),
        "padding_idx": str(PAD),
        "hidden_size": str(H),
        "num_layers": "1",
        "bidirectional": "true",
        "num_classes": str(C),
        "ignore_index": str(IGNORE),
        "seq_len": str(T),
        "batch_size": str(B),
    }
    return tensors, metadata, deviation


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    jobs = [loss_fixture(*case) for case in loss_cases()]
    jobs.append(embedding_fixture())
    for tensors, metadata, deviation in jobs:
        path = OUT_DIR / f"{metadata['case']}.safetensors"
        write_atomically(path, safetensors_bytes(tensors, metadata))
        print(f"{path.name}: loss {tensors['loss'].item():.6f}, f32 vs f64 {deviation:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
