"""Crash safety for real: SIGKILL a rebuild at several points, then check the index.

Each crash leaves the last good version serving with catalog and vectors in step, the
lock free, and the next build finishes the work, reusing the vectors a killed build had
already embedded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import build_index
from index.search import IndexReader
from index.store import IndexDir

ROOT = Path(__file__).resolve().parents[1]
BUILD = "import sys; from index.build import build_index; build_index(sys.argv[1], sys.argv[2])"


def _long_letter() -> str:
    paragraphs = []
    for i in range(90):
        paragraphs.append(
            f"Lõik {i}: Maa-amet teatab, et katastriüksuse {1000 + i} piirid mõõdeti uuesti "
            f"ja toimikusse lisati {i % 7 + 1} uut plaani. Vaidlused lahendatakse "
            f"kirjalikult hiljemalt {i % 28 + 1}.03.2026 ning kaebused esitatakse ametile."
        )
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def served(tmp_path):
    reg = tmp_path / "register"
    reg.mkdir()
    shutil.copy(ROOT / "sample_register" / "001_57d17f6c24bc326f.txt", reg)
    idx = tmp_path / "index"
    first = build_index(reg, idx)
    (reg / "maa-amet.txt").write_text(_long_letter(), encoding="utf-8")
    (reg / "001_57d17f6c24bc326f.txt").unlink()
    return reg, idx, first.version


def _killed_build(reg: Path, idx: Path, point: str) -> None:
    # small batches, so that "embed" dies with part of the letter embedded and cached
    env = {**os.environ, "VIIT_CRASH_AT": point, "VIIT_EMBED_BATCH": "8", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", BUILD, str(reg), str(idx)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]


def _assert_old_version_serves(idx: Path, version: str) -> None:
    assert IndexDir(idx).current_name() == version
    reader = IndexReader(idx)
    assert reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0] == reader.index.ntotal
    assert reader.catalog.documents_by_file("001_57d17f6c24bc326f.txt")
    assert not reader.catalog.documents_by_file("maa-amet.txt")
    hits = reader.search("AI-generated images", k=3)
    assert reader.catalog.passages([hits[0].chunk_id])[0].file_name == "001_57d17f6c24bc326f.txt"


@pytest.mark.slow
@pytest.mark.parametrize("point", ["parse", "embed", "write", "switch"])
def test_killed_rebuild_keeps_last_good_index(served, point):
    reg, idx, version = served
    _killed_build(reg, idx, point)
    _assert_old_version_serves(idx, version)
    # the lock died with its holder, and the next build completes the work
    report = build_index(reg, idx)
    assert report.version != version
    assert report.added == ["maa-amet.txt"] and report.removed == ["001_57d17f6c24bc326f.txt"]
    if point == "embed":
        # the batches the killed build finished are not embedded again; the rest is
        assert report.chunks_reused >= 8 and report.chunks_embedded > 0
    if point in ("write", "switch"):
        # everything was embedded before the kill: nothing is embedded again
        assert report.chunks_embedded == 0 and report.chunks_reused > 8
    if point != "parse":
        assert report.chunks_embedded == report.chunks_added - report.chunks_reused
    reader = IndexReader(idx)
    assert reader.catalog.documents_by_file("maa-amet.txt")
    assert not reader.catalog.documents_by_file("001_57d17f6c24bc326f.txt")
    assert reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0] == reader.index.ntotal
    # the killed build's half-written version folder was cleaned away
    names = {p.name for p in IndexDir(idx).versions.iterdir()}
    assert names <= {version, report.version}


def test_concurrent_build_refused_across_processes(served):
    reg, idx, _ = served
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from index.store import BuildLock; from pathlib import Path\n"
         "with BuildLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
         str(idx)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        from index.store import IndexLocked

        with pytest.raises(IndexLocked, match=f"pid {holder.pid}"):
            build_index(reg, idx)
    finally:
        holder.kill()
        holder.wait()
    # a killed holder leaves no stale lock
    assert build_index(reg, idx).added == ["maa-amet.txt"]
