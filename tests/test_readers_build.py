"""Real builds of registers with hard files: a name that is not UTF-8, links that loop,
files that fail; what every rebuild reports, and what `viit index`/`viit status` print.

Builds load the real model, so the module is slow-marked.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import build_index
from index.search import IndexReader
from index.store import CATALOG, IndexDir

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
LATIN1_NAME = "Päevakord õppus.txt".encode("latin-1")  # as an old Windows share wrote it
LONG_DIR = "Aastaaruanded ja eelarve kooskõlastamise kirjavahetus 2024 teine poolaasta"


def _register(tmp_path: Path) -> Path:
    reg = tmp_path / "register"
    (reg / LONG_DIR).mkdir(parents=True)
    root = os.fsencode(reg)
    with open(root + b"/" + LATIN1_NAME, "wb") as fh:
        fh.write("Päevakord: õppusel harjutatakse tuletõrjet Kalevipoja koolis.\n".encode())
    (reg / "Päevakord õppus.txt").write_text("Teine fail, nimi UTF-8 kujul.\n", encoding="utf-8")
    (reg / LONG_DIR / "vastus tühi.txt").write_bytes(b"")
    (reg / LONG_DIR / "joonis.dwg").write_bytes(b"AC1027 drawing")
    (reg / "kiri.txt").write_text("Kiri registrile: ehitusloa taotlus.\n", encoding="utf-8")
    (reg / "silmus").symlink_to(".")
    (reg / "katki.pdf").symlink_to("/nonexistent/file.pdf")
    return reg


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("names")
    reg = _register(base)
    report = build_index(reg, base / "index")
    return reg, base / "index", report


def test_non_utf8_name_is_indexed_under_a_readable_name(built) -> None:
    _, idx, report = built
    assert "Päevakord õppus.txt" in report.added  # the UTF-8 twin keeps its own spelling
    assert "P\\xe4evakord \\xf5ppus.txt" in report.added  # the Latin-1 one is spelt out
    notes = dict(report.warnings)
    assert "not valid UTF-8" in notes["P\\xe4evakord \\xf5ppus.txt"]
    reader = IndexReader(idx)
    (doc,) = reader.catalog.documents_by_file("P\\xe4evakord \\xf5ppus.txt")
    assert "tuletõrjet Kalevipoja koolis" in reader.catalog.document(doc.id).text
    with sqlite3.connect(IndexDir(idx).current() / CATALOG) as con:
        names = {r[0] for r in con.execute("SELECT path FROM files")}
    assert len(names) == 5


def test_a_lone_non_utf8_name_reads_as_windows_1252(tmp_path) -> None:
    reg = tmp_path / "register"
    reg.mkdir()
    with open(os.fsencode(reg) + b"/" + "Õiend.txt".encode("cp1252"), "wb") as fh:
        fh.write(b"Oiend registrile.\n")
    report = build_index(reg, tmp_path / "index")
    assert report.added == ["Õiend.txt"] and not report.failing


def test_every_build_names_what_still_fails(built) -> None:
    reg, idx, report = built
    expected = {
        f"{LONG_DIR}/vastus tühi.txt": "empty file",
        "katki.pdf": "broken symbolic link",
        "silmus/": "symbolic link loop",
    }
    failing = dict(report.failing)
    assert set(failing) == set(expected)
    for path, fragment in expected.items():
        assert fragment in failing[path]
    assert dict(report.unsupported) == {f"{LONG_DIR}/joonis.dwg": "unsupported file type '.dwg'"}
    again = build_index(reg, idx)
    assert not again.changed and again.version == report.version
    assert again.failing == report.failing and again.unsupported == report.unsupported


def test_one_file_that_cannot_be_stored_does_not_stop_the_build(tmp_path, monkeypatch) -> None:
    import index.build as build

    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "a.txt").write_text("Esimene kiri.\n")
    (reg / "b.txt").write_text("Teine kiri.\n")
    (reg / "c.txt").write_text("Kolmas kiri.\n")
    real = build._insert_document

    def failing_for_b(con, enc, settings, rel, part_path, doc, *args, **kwargs):
        out = real(con, enc, settings, rel, part_path, doc, *args, **kwargs)
        if rel == "b.txt":  # after its rows are written: they must be rolled back
            raise sqlite3.IntegrityError("simulated constraint failure")
        return out

    monkeypatch.setattr(build, "_insert_document", failing_for_b)
    report = build_index(reg, tmp_path / "index")
    assert dict(report.failed) == {
        "b.txt": "could not be stored: IntegrityError: simulated constraint failure"
    }
    reader = IndexReader(tmp_path / "index")
    assert reader.catalog.documents_by_file("a.txt") and reader.catalog.documents_by_file("c.txt")
    assert not reader.catalog.documents_by_file("b.txt")
    with sqlite3.connect(IndexDir(tmp_path / "index").current() / CATALOG) as con:
        n_chunks = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert n_chunks == reader.index.ntotal == 2  # nothing of b.txt left, halves agree


def _cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "viit_cli", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600, check=False,
    )  # fmt: skip


def test_cli_reports_are_whole_lines_when_piped(built) -> None:
    reg, idx, _ = built
    result = _cli("index", reg, "--index", idx)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("Index is up to date") for line in lines)
    row = next(line for line in lines if " failed " in line and "│" in line)
    assert row.split("│")[2].strip() == "3"
    long_line = next(line for line in lines if "vastus tühi.txt" in line)
    assert long_line.strip() == f"failed  {LONG_DIR}/vastus tühi.txt: empty file"
    assert len(long_line) > 80  # not wrapped at the pipe's 80 columns
    status = _cli("status", "--index", idx)
    assert status.returncode == 0, status.stderr
    out = status.stdout.splitlines()
    assert f"  failed: {LONG_DIR}/vastus tühi.txt: empty file" in out
    assert f"  skipped: {LONG_DIR}/joonis.dwg: unsupported file type '.dwg'" in out
    assert any(line.startswith("  not read: silmus/: symbolic link loop") for line in out)
