"""The int8 encoder, precision in the index, and each passage embedded once.

Quick layer: the settings (``VIIT_PRECISION``, ``VIIT_DEVICE``) and what an encoder's
precision changes (its embedding-cache key). Slow layer, with the real models: the int8
model prepared from the shipped weights with the network cut off, its vectors against
fp32, a precision change forcing a full rebuild, an index from before precisions still
serving, and duplicate passages embedded once but kept, searchable and citable, twice.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.encoder import (
    DEFAULT_PRECISION,
    Encoder,
    EncoderError,
    device_setting,
    precision_setting,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_register"

# Measured on the sample register's passages (bench/README.md, "int8 encoder"): mean cosine
# between the int8 and fp32 e5-small vectors 0.99x, lowest 0.98x; the bounds leave room
# for other texts, not for a broken quantisation (an unrelated pair scores about 0.75).
MIN_MEAN_COSINE = 0.98
MIN_COSINE = 0.95


@pytest.mark.parametrize(
    ("env", "device", "want"),
    [
        (None, "cpu", DEFAULT_PRECISION),
        ("int8", "cpu", "int8"),
        ("INT8 ", "cpu", "int8"),
        ("fp32", "cpu", "fp32"),
        ("int8", "cuda", "fp32"),  # int8 is a CPU format: a GPU build runs and records fp32
        ("fp32", "cuda", "fp32"),
    ],
)
def test_precision_setting(env, device, want, monkeypatch):
    if env is None:
        monkeypatch.delenv("VIIT_PRECISION", raising=False)
    else:
        monkeypatch.setenv("VIIT_PRECISION", env)
    assert precision_setting(device=device) == want


@pytest.mark.parametrize(("var", "value"), [("VIIT_PRECISION", "fp16"), ("VIIT_DEVICE", "tpu")])
def test_unknown_settings_are_clear_errors(var, value, monkeypatch):
    monkeypatch.setenv(var, value)
    with pytest.raises(EncoderError, match=var):
        precision_setting() if var == "VIIT_PRECISION" else device_setting()


def test_cpu_machine_stays_on_cpu(monkeypatch):
    monkeypatch.delenv("VIIT_DEVICE", raising=False)
    monkeypatch.setattr("index.encoder._cuda_present", lambda: False)
    assert device_setting() == "cpu"
    monkeypatch.setattr("index.encoder._cuda_present", lambda: True)
    assert device_setting() == "cuda"
    monkeypatch.setenv("VIIT_DEVICE", "cpu")
    assert device_setting() == "cpu"


@pytest.mark.parametrize(
    ("precision", "key"),
    [("fp32", "multilingual-e5-small@e5-x"), ("int8", "multilingual-e5-small@e5-x#int8")],
)
def test_cache_key_follows_precision(precision, key):
    """fp32 keeps the key it had before precisions, so an older embedding cache serves it."""
    enc = Encoder("multilingual-e5-small", Path("/m/e5-x"), model=None, precision=precision)
    assert enc.cache_id == key


# ----------------------------------------------------------------------- slow: real models


@pytest.mark.slow
def test_int8_model_is_prepared_from_shipped_weights_without_network(tmp_path):
    """A fresh cache folder, the network cut off (offline hub, and any socket connection
    fails): the int8 MiniLM is exported and quantised from the pip package's weights."""
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from index.int8 import main\nsys.exit(main(['minilm']))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "VIIT_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    folder = Path(proc.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "cache" / "int8"
    assert (folder / "model_int8.onnx").stat().st_size > 1_000_000
    assert not list(folder.parent.glob(".tmp-*"))  # prepared under a temp name, renamed
    # a second run finds it prepared and does not prepare it again
    again = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600
    )
    assert again.stdout.strip().splitlines()[-1] == str(folder)
    assert "prepared" not in again.stderr


@pytest.fixture(scope="module")
def passages() -> list[str]:
    texts = []
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts += [text[i : i + 700] for i in range(0, min(len(text), 4200), 700)]
    return [t for t in texts if t.strip()][:48]


@pytest.mark.slow
def test_int8_vectors_agree_with_fp32(passages):
    from index.encoder import load_encoder

    fp32 = load_encoder("e5-small", "fp32", "cpu")
    int8 = load_encoder("e5-small", "int8", "cpu")
    assert int8.precision == "int8" and int8.cache_id != fp32.cache_id
    a, b = fp32.encode_passages(passages), int8.encode_passages(passages)
    assert a.shape == b.shape and np.allclose(np.linalg.norm(b, axis=1), 1, atol=1e-5)
    cos = (a * b).sum(axis=1)
    assert cos.mean() >= MIN_MEAN_COSINE and cos.min() >= MIN_COSINE, (cos.mean(), cos.min())
    # the ranking is what matters: each passage's int8 vector is nearest its fp32 vector
    assert (np.argmax(b @ a.T, axis=1) == np.arange(len(passages))).all()
    # one text alone (a query, an answer's sentence) agrees too; int8 activations are
    # scaled per batch, so a text alone and inside a batch differ slightly, never more
    q = "Millal saadeti leping allkirjastamiseks?"
    assert float(int8.encode_query(q) @ fp32.encode_query(q)) >= MIN_COSINE
    alone = [
        float(int8.encode_passages([t])[0] @ v) for t, v in zip(passages[:4], b[:4], strict=True)
    ]
    assert min(alone) >= MIN_COSINE, alone


def _register(tmp_path: Path) -> Path:
    reg = tmp_path / "register"
    reg.mkdir()
    for name in ("001_57d17f6c24bc326f.txt", "teade.txt"):
        if (SAMPLE / name).exists():
            (reg / name).write_bytes((SAMPLE / name).read_bytes())
    (reg / "memo.md").write_text(
        "# Memo\n\nTartu hoidla arhivaalid kolitakse 2026. aasta kevadel Raatuse tänava "
        "hoonesse.\n",
        encoding="utf-8",
    )
    return reg


@pytest.mark.slow
def test_changed_precision_forces_a_full_rebuild(tmp_path, monkeypatch):
    from index.build import build_index
    from index.search import IndexReader

    reg, idx = _register(tmp_path), tmp_path / "index"
    monkeypatch.setenv("VIIT_DEVICE", "cpu")
    monkeypatch.setenv("VIIT_PRECISION", "int8")
    first = build_index(reg, idx)
    assert first.precision == "int8" and first.chunks_embedded > 0
    reader = IndexReader(idx)
    assert reader.meta["precision"] == "int8" and reader.encoder.precision == "int8"
    assert build_index(reg, idx).full_reason is None  # same precision: nothing to do

    monkeypatch.setenv("VIIT_PRECISION", "fp32")
    second = build_index(reg, idx)
    assert second.full_reason == "the encoder precision changed from int8 to fp32"
    assert second.chunks_embedded == first.chunks_embedded  # no int8 vector reused
    reader.refresh()
    assert reader.precision == "fp32" and reader.encoder.precision == "fp32"
    hits = reader.search("Tartu hoidla arhivaalid Raatuse tänava hoonesse", k=3)
    assert reader.catalog.passages([hits[0].chunk_id])[0].file_name == "memo.md"

    monkeypatch.setenv("VIIT_PRECISION", "int8")  # and back: the cache still holds int8
    third = build_index(reg, idx)
    assert third.full_reason == "the encoder precision changed from fp32 to int8"
    assert third.chunks_embedded == 0 and third.chunks_reused > 0


@pytest.mark.slow
def test_index_from_before_precisions_still_serves(tmp_path, monkeypatch):
    """An index whose meta names no precision was built in fp32, and is served so; the
    default int8 build then rebuilds it in full and says why."""
    from index.build import build_index
    from index.search import IndexReader
    from index.store import CATALOG, IndexDir

    reg, idx = _register(tmp_path), tmp_path / "index"
    monkeypatch.setenv("VIIT_DEVICE", "cpu")
    monkeypatch.setenv("VIIT_PRECISION", "fp32")
    build_index(reg, idx)
    with sqlite3.connect(IndexDir(idx).current() / CATALOG) as con:
        con.execute("DELETE FROM meta WHERE key = 'precision'")  # as written before
    reader = IndexReader(idx)
    assert "precision" not in reader.meta and reader.encoder.precision == "fp32"
    hits = reader.search("Tartu hoidla arhivaalid Raatuse tänava hoonesse", k=3)
    assert reader.catalog.passages([hits[0].chunk_id])[0].file_name == "memo.md"
    assert build_index(reg, idx).full_reason is None  # fp32 asked: it is up to date

    monkeypatch.delenv("VIIT_PRECISION")
    report = build_index(reg, idx)
    assert report.full_reason == "the encoder precision changed from fp32 to int8"
    reader.refresh()
    assert reader.precision == "int8"


@pytest.mark.slow
def test_duplicate_passages_are_embedded_once_and_kept_twice(tmp_path):
    """A reply quoting the letter it answers and the same attachment under two names: one
    vector per distinct text, every chunk in the catalog, both found and citable."""
    from assistant.answer import Assistant
    from index.build import build_index
    from index.search import IndexReader

    reg = tmp_path / "register"
    reg.mkdir()
    body = (
        "Teade\n\nTartu hoidla keldris mõõdeti märtsi alguses õhuniiskuseks 78 protsenti. "
        "Arhivaalid viiakse aprilli jooksul üle Raatuse tänava hoonesse.\n"
    )
    (reg / "teade.txt").write_text(body, encoding="utf-8")
    (reg / "koopia").mkdir()
    (reg / "koopia" / "teade.txt").write_text(body, encoding="utf-8")  # same bytes: a copy
    (reg / "muu.txt").write_text("Pärnu maja katus remonditakse juulis.\n", encoding="utf-8")
    report = build_index(reg, tmp_path / "index")
    assert report.chunks_added == 3 and report.chunks_deduplicated == 1
    assert report.chunks_embedded == 2  # one encode per distinct text
    assert report.chunks_added == report.chunks_embedded + report.chunks_reused + 1

    reader = IndexReader(tmp_path / "index")
    rows = reader.con.execute("SELECT id, embed_key FROM chunks ORDER BY id").fetchall()
    assert len(rows) == reader.index.ntotal == 3
    same = [r["id"] for r in rows if [x["embed_key"] for x in rows].count(r["embed_key"]) == 2]
    assert len(same) == 2
    vecs = reader.chunk_vectors(same)
    assert np.array_equal(vecs[0], vecs[1])  # one vector, reused
    hits = reader.search("Tartu hoidla keldri õhuniiskus", k=3)
    found = {reader.catalog.passages([h.chunk_id])[0].file_path for h in hits[:2]}
    assert found == {"teade.txt", "koopia/teade.txt"}
    answer = Assistant(reader).ask("Kui suur oli Tartu hoidla keldri õhuniiskus?")
    assert {c.file for c in answer.citations} & {"teade.txt", "koopia/teade.txt"}


@pytest.mark.slow
def test_chunk_vectors_are_the_vectors_the_build_stored(sample_index):
    from index.search import IndexReader

    reader = IndexReader(sample_index)
    ids = [r[0] for r in reader.con.execute("SELECT id FROM chunks ORDER BY id DESC LIMIT 5")]
    vecs = reader.chunk_vectors(ids)
    assert vecs.shape == (5, reader.index.d) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-4)
    # each is the nearest stored vector to itself: the rows follow the ids given
    for cid, vec in zip(ids, vecs, strict=True):
        assert reader.index.search(vec[None, :], 1)[1][0][0] == cid
    with pytest.raises(KeyError):
        reader.chunk_vectors([10**9])
