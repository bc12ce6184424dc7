"""Checks safetensors files written by lstm4j's exporter against PyTorch.

Each file must follow the parity format of README.md (next to this script): PyTorch state_dict
tensor names for the LSTM (unprefixed) and the head (``head.weight``, ``head.bias``), the input
(``input``, or only ``input_ids`` for a token-id model), optional ``h0``/``c0``, lstm4j's results
``output``, ``h_n``, ``c_n``, ``logits``, and ``__metadata__`` with the config keys
(``input_size``, ``hidden_size``, ``num_layers``, ``bidirectional``, ``num_classes``,
``head_mode``, ...). Optional: ``targets`` with ``loss`` and/or ``grad.<name>`` gradients, which
are then checked too.

For every file the script builds ``nn.LSTM`` + ``nn.Linear`` in the file's dtype (F32 or F64),
loads the weights with ``load_state_dict(strict=True)`` (so a missing, extra or misshaped weight is
an error), runs the input through PyTorch and prints the max absolute difference of every result
lstm4j stored. Usage, from the repository root:

    /usr/bin/python3 lstm-core/src/test/parity/check_export.py DIR_OR_FILE... [--tol 1e-5]

A directory means every ``*.safetensors`` file directly inside it. The fixtures that
make_fixtures.py writes are valid input (they hold the same tensors, computed by PyTorch):

    /usr/bin/python3 lstm-core/src/test/parity/check_export.py \\
        lstm-core/src/test/resources/io/github/lstm4j/core/parity

Exit status: 0 if every difference is <= the tolerance (default 1e-5, absolute), 1 if any exceeds
it (or is NaN), 2 if a file is malformed or inconsistent with its metadata, or no file was given.
"""

import argparse
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

FORMAT = "lstm4j-parity-1"
DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}  # safetensors dtype -> little-endian
RESULT_NAMES = ("output", "h_n", "c_n", "logits")
REQUIRED_METADATA = (
    "input_size",
    "hidden_size",
    "num_layers",
    "bidirectional",
    "num_classes",
    "head_mode",
)
# Tensors that are neither weights nor gradients; anything else unknown is an error.
DATA_NAMES = {"input", "input_ids", "h0", "c0", "targets", "loss"} | set(RESULT_NAMES)


class FormatError(Exception):
    """A file that cannot be read or does not match the parity format."""


def read_safetensors(path):
    """Returns (name -> torch tensor, metadata dict) of a safetensors file."""
    raw = path.read_bytes()
    if len(raw) < 8:
        raise FormatError(f"{path}: file has {len(raw)} bytes, fewer than the 8-byte length")
    (header_len,) = struct.unpack("<Q", raw[:8])
    if header_len > len(raw) - 8:
        raise FormatError(f"{path}: header length {header_len} exceeds file size {len(raw)}")
    try:
        header = json.loads(raw[8 : 8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FormatError(f"{path}: header is not UTF-8 JSON: {e}") from e
    if not isinstance(header, dict):
        raise FormatError(f"{path}: header must be a JSON object")
    metadata = header.pop("__metadata__", {}) or {}
    if not isinstance(metadata, dict):
        raise FormatError(f"{path}: __metadata__ must be a JSON object")
    data = memoryview(raw)[8 + header_len :]
    tensors = {}
    end_max = 0
    for name, info in header.items():
        if not isinstance(info, dict):
            raise FormatError(f"{path}: tensor {name} entry must be a JSON object")
        dtype = info.get("dtype")
        if dtype not in DTYPES:
            raise FormatError(f"{path}: tensor {name} has dtype {dtype}, expected F32 or F64")
        np_dtype = DTYPES[dtype]
        shape = info.get("shape")
        offsets = info.get("data_offsets")
        begin, end = offsets if isinstance(offsets, list) and len(offsets) == 2 else (None, None)
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            raise FormatError(f"{path}: tensor {name} has invalid shape {shape}")
        size = math.prod(shape) * np_dtype.itemsize
        offsets_are_ints = isinstance(begin, int) and isinstance(end, int)
        if not (offsets_are_ints and 0 <= begin <= end <= len(data)):
            raise FormatError(
                f"{path}: tensor {name} has data_offsets {[begin, end]} outside the "
                f"{len(data)} data bytes"
            )
        if end - begin != size:
            raise FormatError(
                f"{path}: tensor {name} has {end - begin} bytes, "
                f"expected {size} for {dtype} {shape}"
            )
        array = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(shape)
        tensors[name] = torch.from_numpy(array.astype(np_dtype.newbyteorder("="), copy=True))
        end_max = max(end_max, end)
    if end_max != len(data):
        raise FormatError(f"{path}: {len(data) - end_max} trailing bytes after the last tensor")
    dtypes = {t.dtype for t in tensors.values()}
    if len(dtypes) > 1:
        raise FormatError(f"{path}: tensors mix dtypes {sorted(str(d) for d in dtypes)}")
    return tensors, metadata


def config_of(path, metadata):
    """Validated model config from the string metadata."""
    missing = [key for key in REQUIRED_METADATA if key not in metadata]
    if missing:
        raise FormatError(f"{path}: __metadata__ lacks {missing}")
    if metadata.get("format", FORMAT) != FORMAT:
        raise FormatError(f"{path}: format must be {FORMAT}, got {metadata['format']}")

    def positive(key):
        try:
            value = int(metadata[key])
        except (TypeError, ValueError):
            value = 0
        if value <= 0:
            raise FormatError(f"{path}: {key} must be a positive integer, got {metadata[key]!r}")
        return value

    def boolean(key, default=None):
        value = metadata.get(key, default)
        if value not in ("true", "false"):
            raise FormatError(f"{path}: {key} must be true or false, got {value!r}")
        return value == "true"

    sizes = ("input_size", "hidden_size", "num_layers", "num_classes")
    config = {key: positive(key) for key in sizes}
    config["bidirectional"] = boolean("bidirectional")
    config["head_mode"] = metadata["head_mode"]
    if config["head_mode"] not in ("all", "last"):
        raise FormatError(f"{path}: head_mode must be all or last, got {config['head_mode']!r}")
    if "has_initial_state" in metadata:
        config["has_initial_state"] = boolean("has_initial_state")
    return config


def load_model(path, tensors, config, dtype):
    """nn.LSTM + nn.Linear holding the file's weights, loaded with strict=True."""
    I, H, L, V = (config[k] for k in ("input_size", "hidden_size", "num_layers", "num_classes"))
    D = 2 if config["bidirectional"] else 1
    lstm = nn.LSTM(input_size=I, hidden_size=H, num_layers=L, bidirectional=D == 2).to(dtype)
    head = nn.Linear(D * H, V).to(dtype)
    lstm_names = set(lstm.state_dict())
    unknown = [
        name
        for name in tensors
        if name not in DATA_NAMES
        and name not in lstm_names
        and not name.startswith(("head.", "grad."))
    ]
    if unknown:
        raise FormatError(f"{path}: unknown tensors {sorted(unknown)}")
    lstm_weights = {n: t for n, t in tensors.items() if n in lstm_names}
    head_weights = {n[len("head.") :]: t for n, t in tensors.items() if n.startswith("head.")}
    try:
        lstm.load_state_dict(lstm_weights, strict=True)
        head.load_state_dict(head_weights, strict=True)
    except RuntimeError as e:
        raise FormatError(f"{path}: load_state_dict(strict=True) failed: {e}") from e
    return lstm, head


def input_leaves(path, tensors, metadata, config, dtype):
    """input (T, B, I) and, when given, h0/c0 (L*D, B, H), each a fresh leaf requiring grad."""
    I, H, L = (config[k] for k in ("input_size", "hidden_size", "num_layers"))
    D = 2 if config["bidirectional"] else 1
    x = tensors.get("input")
    if x is None:
        if "input_ids" not in tensors:
            raise FormatError(f"{path}: needs input or input_ids")
        ids = tensors["input_ids"]
        if ids.dim() != 2 or not torch.equal(ids, ids.round()) or ids.min() < 0 or ids.max() >= I:
            raise FormatError(f"{path}: input_ids must be (T, B) integers in [0, {I})")
        x = nn.functional.one_hot(ids.to(torch.int64), I).to(dtype)
    if x.dim() != 3 or x.shape[2] != I:
        raise FormatError(f"{path}: input must be (T, B, {I}), got {list(x.shape)}")
    T, B = x.shape[0], x.shape[1]
    for key, value in (("seq_len", T), ("batch_size", B)):
        if key in metadata and metadata[key] != str(value):
            raise FormatError(f"{path}: {key} is {metadata[key]} but input is {list(x.shape)}")
    leaves = {"input": x.clone().requires_grad_(True)}

    given = [name for name in ("h0", "c0") if name in tensors]
    if given and len(given) != 2:
        raise FormatError(f"{path}: h0 and c0 must be given together, got only {given[0]}")
    if config.get("has_initial_state", bool(given)) != bool(given):
        raise FormatError(
            f"{path}: has_initial_state is {metadata['has_initial_state']} "
            f"but the file has {'h0 and c0' if given else 'no h0/c0'}"
        )
    for name in given:
        if list(tensors[name].shape) != [L * D, B, H]:
            raise FormatError(
                f"{path}: {name} must be {[L * D, B, H]}, got {list(tensors[name].shape)}"
            )
        leaves[name] = tensors[name].clone().requires_grad_(True)
    return leaves


def pytorch_results(path, tensors, config, lstm, head, leaves):
    """name -> what PyTorch computes for every result, loss and gradient the file holds."""
    state = (leaves["h0"], leaves["c0"]) if "h0" in leaves else None
    output, (h_n, c_n) = lstm(leaves["input"], state)
    if config["head_mode"] == "all":
        features = output  # (T, B, D*H)
    elif config["bidirectional"]:
        features = torch.cat((h_n[-2], h_n[-1]), dim=1)  # (B, 2H)
    else:
        features = h_n[-1]  # (B, H)
    logits = head(features)
    expected = {"output": output, "h_n": h_n, "c_n": c_n, "logits": logits}

    grad_names = sorted(n for n in tensors if n.startswith("grad."))
    if "loss" not in tensors and not grad_names:
        return expected
    targets = tensors.get("targets")
    if targets is None:
        raise FormatError(f"{path}: loss or gradients need targets")
    target_shape = list(logits.shape[:-1])
    if list(targets.shape) != target_shape or not torch.equal(targets, targets.round()):
        raise FormatError(
            f"{path}: targets must be integers of shape {target_shape}, got {list(targets.shape)}"
        )
    V = config["num_classes"]
    loss = nn.CrossEntropyLoss()(logits.reshape(-1, V), targets.reshape(-1).to(torch.int64))
    expected["loss"] = loss
    if grad_names:
        loss.backward()
        sources = dict(lstm.named_parameters())
        sources.update({f"head.{n}": p for n, p in head.named_parameters()})
        sources.update(leaves)
        for grad_name in grad_names:
            source = sources.get(grad_name[len("grad.") :])
            if source is None:
                raise FormatError(f"{path}: {grad_name} names no parameter or input")
            expected[grad_name] = source.grad
    return expected


def check_file(path, tolerance):
    """Prints one line per compared tensor; True if all are present and within tolerance."""
    tensors, metadata = read_safetensors(path)
    config = config_of(path, metadata)
    dtype = next(iter(tensors.values())).dtype if tensors else torch.float32
    lstm, head = load_model(path, tensors, config, dtype)
    leaves = input_leaves(path, tensors, metadata, config, dtype)
    expected = pytorch_results(path, tensors, config, lstm, head, leaves)

    sizes = " ".join(
        f"{letter}={config[key]}"
        for letter, key in (("L", "num_layers"), ("I", "input_size"), ("H", "hidden_size"))
    )
    T, B = leaves["input"].shape[:2]
    print(
        f"{path.name}  ({metadata.get('case', '?')}, {str(dtype).replace('torch.', '')}, "
        f"{sizes} V={config['num_classes']} T={T} B={B}, "
        f"{'bidirectional' if config['bidirectional'] else 'unidirectional'}, "
        f"head {config['head_mode']})"
    )
    ok = True
    for name in RESULT_NAMES:
        if name not in tensors:
            print(f"  {name:<28} missing  FAIL")
            ok = False
    for name, value in expected.items():
        if name not in tensors:
            continue
        stored = tensors[name]
        if list(stored.shape) != list(value.shape):
            print(f"  {name:<28} shape {list(stored.shape)}, PyTorch {list(value.shape)}  FAIL")
            ok = False
            continue
        diff = (stored - value.detach()).abs().max().item() if stored.numel() else 0.0
        passed = diff <= tolerance  # False for NaN
        ok = ok and passed
        print(f"  {name:<28} max|diff| {diff:.3e}  {'ok' if passed else 'FAIL'}")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="safetensors files or directories")
    parser.add_argument("--tol", type=float, default=1e-5, help="max absolute difference (1e-5)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    files = []
    for p in args.paths:
        files += sorted(p.glob("*.safetensors")) if p.is_dir() else [p]
    if not files:
        print("no .safetensors files found in " + " ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    failed, malformed = [], []
    for f in files:
        try:
            if not check_file(f, args.tol):
                failed.append(f.name)
        except (OSError, FormatError) as e:
            print(f"{f.name}  ERROR {e}")
            malformed.append(f.name)
    if malformed:
        print(f"{len(malformed)} of {len(files)} files malformed: {' '.join(malformed)}")
        return 2
    if failed:
        print(
            f"{len(failed)} of {len(files)} files fail (a difference > {args.tol:g} "
            f"or a missing result): {' '.join(failed)}"
        )
        return 1
    print(f"all {len(files)} files within {args.tol:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
