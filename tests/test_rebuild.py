"""Rebuilds for real (model, FAISS, SQLite) on a small register, through the API and `viit`.

What tests/test_index.py and tests/test_crash.py already check (incremental add, edit,
rename, delete, restrict and lift, lock in and across processes, SIGKILL at each step) is
not repeated; this adds what staff see: answers and entry views after metadata-only
changes, the reason printed for a forced full rebuild, `--dry-run` touching nothing, and
write failures (disk full, a blocked folder) that leave the served index as it was.

One index is built per module; each test works on copies of it, so every rebuild reuses
the embedding cache and the model stays loaded.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import viit_cli
from assistant.answer import Assistant
from assistant.entry_view import entry_view
from assistant.privacy import PUBLIC, User
from index.build import build_index
from index.search import IndexReader
from index.store import CATALOG, VECTORS, BuildLock, IndexDir
from ingest.chunking import ChunkSettings

SAMPLE = Path(__file__).resolve().parents[1] / "sample_register"
CLEARED = User("mari", cleared=True)

RESTRICTED_ROWS = "| Juurdepääsupiirang | AK |\n| Juurdepääsupiirang | AvTS § 35 lg 1 p 12 |\n"
PUBLIC_ROWS = "| Juurdepääsupiirang | Avalik |\n| Juurdepääsupiirang | |\n"
EXPORT = (
    "| Dokumendiregister | Testamet |\n| Viit | 9-9/77-1 |\n| Registreeritud | 03.03.2025 |\n"
    "| Sünkroonitud | 05.12.2025 |\n| Liik | Sissetulev kiri |\n"
    "| Pealkiri | Tartu hoidla niiksus |\n"  # the typo is fixed in a test
    "| Funktsioon | 9 Arhiivindus |\n| Sari | 9-9 Kirjavahetus hoidlate seisukorra kohta |\n"
    "| Toimik | 9-9/2025 |\n" + RESTRICTED_ROWS + "| Adressaat | Rahvusarhiiv |\n"
    "| Saabumis/saatmisviis | E-post |\n| Vastutaja | Mari Maasikas (hoidlaosakond) |\n"
    "Saatja: Jaan Tamm <jaan@example.ee> Saadetud: 03.03.2025 09:15\n"
    "Adressaat: Rahvusarhiiv <info@example.ee> Teema: Tartu hoidla niiskus\n\n"
    "Tere!\n\nTartu hoidla keldris mõõdeti märtsi alguses õhuniiskuseks 78 protsenti. "
    "Arhivaalid viiakse\naprilli jooksul üle Raatuse tänava hoonesse, kuni kelder on "
    "kuivatatud.\n\nLugupidamisega\nJaan Tamm\n"
)
MEMO = "# Memo\n\nTartu hoidla arhivaalid kolitakse 2026. aasta kevadel Raatuse tänava hoonesse.\n"
NOTICE = "Teade: Pärnu maja katus remonditakse juulis; töid juhib ehitusfirma Katusemeister.\n"

HUMIDITY_Q = "Kui suur oli Tartu hoidla keldri õhuniiskus?"
MOVE_Q = "Millal kolitakse Tartu hoidla arhivaalid Raatuse tänava hoonesse?"
ROOF_Q = "Millal remonditakse Pärnu maja katus?"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rebuild")
    reg = root / "register"
    reg.mkdir()
    (reg / "hoidla.txt").write_text(EXPORT, encoding="utf-8")
    (reg / "memo.md").write_text(MEMO, encoding="utf-8")
    (reg / "teade.txt").write_text(NOTICE, encoding="utf-8")
    shutil.copy(SAMPLE / "doc_page.html", reg)
    report = build_index(reg, root / "index")
    assert report.version and not report.failed
    return root


@pytest.fixture
def served(base, tmp_path) -> tuple[Path, Path]:
    """A private copy of the register and its index (embedding cache included)."""
    shutil.copytree(base / "register", tmp_path / "register")
    shutil.copytree(base / "index", tmp_path / "index")
    return tmp_path / "register", tmp_path / "index"


@pytest.fixture
def cli(monkeypatch):
    """`viit` in-process; wide consoles so that messages are not wrapped."""
    monkeypatch.setattr(viit_cli, "out", Console(width=250))
    monkeypatch.setattr(viit_cli, "err", Console(stderr=True, width=250))
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(viit_cli.app, [str(a) for a in args])
        result.text = " ".join(result.output.split())
        return result

    return run


def ask(idx: Path, question: str, user: User = PUBLIC):
    return Assistant(IndexReader(idx)).ask(question, user=user)


def cited_files(answer) -> set[str]:
    return {c.name for c in answer.citations}


def served_state(idx: Path) -> dict[str, str]:
    """CURRENT and a hash of each file of the version it names."""
    cur = IndexDir(idx).current()
    assert cur is not None
    state = {"CURRENT": cur.name}
    for name in (CATALOG, VECTORS):
        state[name] = hashlib.sha256((cur / name).read_bytes()).hexdigest()
    return state


def tree_state(idx: Path) -> dict[str, str]:
    return {
        p.relative_to(idx).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(idx.rglob("*"))
        if p.is_file()
    }


def test_lifting_a_restriction_changes_the_catalog_only(served):
    reg, idx = served
    before = ask(idx, HUMIDITY_Q)
    assert "78 protsenti" not in before.text + " ".join(c.quote for c in before.citations)
    # only the public registration record is cited, none of the export's text
    reader = IndexReader(idx)
    assert all(reader.catalog.document(c.doc_id).synthetic for c in before.citations)
    assert entry_view(IndexReader(idx), "9-9/77-1", PUBLIC).documents[0].text is None

    export = reg / "hoidla.txt"
    text = export.read_text(encoding="utf-8")
    export.write_text(
        text.replace(RESTRICTED_ROWS, PUBLIC_ROWS).replace("05.12.2025", "06.12.2025"),
        encoding="utf-8",
    )
    report = build_index(reg, idx)
    assert report.updated == ["hoidla.txt"] and report.full_reason is None
    # access and sync date are not part of any passage: nothing is embedded again
    assert report.chunks_embedded == 0 and report.chunks_reused > 0

    reader = IndexReader(idx)
    assert not reader.catalog.is_restricted("9-9/77-1")
    assert reader.catalog.entry("9-9/77-1").synced.startswith("2025-12-06")
    # the public registration record went with the restriction
    assert not reader.con.execute("SELECT 1 FROM documents WHERE synthetic=1").fetchall()
    assert reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0] == reader.index.ntotal
    after = Assistant(reader).ask(HUMIDITY_Q, user=PUBLIC)
    assert "78 protsenti" in after.text
    assert (after.citations[0].ref, after.citations[0].name) == ("9-9/77-1", "hoidla.txt")
    view = entry_view(reader, "9-9/77-1", PUBLIC)
    assert not view.restricted and "78 protsenti" in view.documents[0].text


def test_title_fix_reaches_answers_and_reembeds_only_that_entry(served):
    """The title heads every passage of its entry when embedded (it helps retrieval), so
    fixing it re-embeds that entry's passages, and only those; the rest comes from the
    cache."""
    reg, idx = served
    export = reg / "hoidla.txt"
    export.write_text(
        export.read_text(encoding="utf-8").replace("hoidla niiksus", "hoidla niiskus"),
        encoding="utf-8",
    )
    report = build_index(reg, idx)
    assert report.updated == ["hoidla.txt"] and report.full_reason is None
    reader = IndexReader(idx)
    own = reader.con.execute(
        "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.ref = '9-9/77-1'"
    ).fetchone()[0]
    assert 0 < report.chunks_embedded <= own
    assert report.chunks_reused == report.chunks_added - report.chunks_embedded
    assert reader.catalog.entry("9-9/77-1").entry.title == "Tartu hoidla niiskus"
    assert not reader.con.execute(
        "SELECT 1 FROM documents WHERE text LIKE '%niiksus%' OR title LIKE '%niiksus%'"
    ).fetchall()
    # public users see the corrected title in the registration record, cleared users too
    public = Assistant(reader).ask("Mis on dokumendi 9-9/77-1 pealkiri?", user=PUBLIC)
    assert "Tartu hoidla niiskus" in public.text and "78 protsenti" not in public.text
    assert public.citations[0].title == "Tartu hoidla niiskus"
    cleared = Assistant(reader).ask(HUMIDITY_Q, user=CLEARED)
    assert cleared.citations[0].title == "Tartu hoidla niiskus"
    assert "78 protsenti" in cleared.text


def test_encoder_change_forces_full_rebuild_and_says_why(served, cli):
    reg, idx = served
    result = cli("index", reg, "--index", idx, "--encoder", "minilm")
    assert result.exit_code == 0, result.output
    assert (
        "Full rebuild: the encoder changed from multilingual-e5-small to all-MiniLM-L6-v2"
        in result.text
    )
    reader = IndexReader(idx)
    assert reader.meta["encoder"] == "all-MiniLM-L6-v2"
    n = reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert n == reader.index.ntotal
    # every passage was embedded by the new model (its cache was empty)
    assert re.search(rf"chunks embedded \W*{n}\b", result.text), result.text
    assert "memo.md" in cited_files(Assistant(reader).ask(MOVE_Q))

    # and back: a full rebuild again, but the first model's vectors are still cached
    back = build_index(reg, idx)
    assert back.full_reason == (
        "the encoder changed from all-MiniLM-L6-v2 to multilingual-e5-small"
    )
    assert back.chunks_embedded == 0 and back.chunks_reused == back.chunks_added > 0


def test_chunking_change_forces_full_rebuild_and_says_why(served, cli, monkeypatch):
    reg, idx = served
    before = IndexReader(idx)
    old_key = before.meta["chunking"]
    n_before = before.con.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def smaller(enc_name: str, max_tokens: int) -> ChunkSettings:
        return ChunkSettings(max_tokens=max_tokens, target_tokens=40, overlap_tokens=8)

    monkeypatch.setattr("index.build._settings_for", smaller)
    result = cli("index", reg, "--index", idx)
    assert result.exit_code == 0, result.output
    new_key = smaller("", int(old_key.split("max=")[1].split(",")[0])).key()
    assert f"Full rebuild: the chunking settings changed from {old_key} to {new_key}" in (
        result.text
    )
    after = IndexReader(idx)
    assert after.meta["chunking"] == new_key
    n_after = after.con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert n_after > n_before and n_after == after.index.ntotal
    assert "78 protsenti" in Assistant(after).ask(HUMIDITY_Q, user=CLEARED).text


def test_moved_file_is_not_reembedded_and_deleted_file_leaves_answers(served):
    reg, idx = served
    assert "teade.txt" in cited_files(ask(idx, ROOF_Q))
    (reg / "arhiiv" / "2025").mkdir(parents=True)
    (reg / "memo.md").rename(reg / "arhiiv" / "2025" / "hoidla-kolimine.md")
    (reg / "teade.txt").unlink()
    report = build_index(reg, idx)
    assert report.moved == [("memo.md", "arhiiv/2025/hoidla-kolimine.md")]
    assert report.removed == ["teade.txt"] and not report.added and not report.updated
    assert report.chunks_embedded == 0

    reader = IndexReader(idx)
    moved = Assistant(reader).ask(MOVE_Q)
    assert "hoidla-kolimine.md" in cited_files(moved) and "memo.md" not in cited_files(moved)
    assert "2026. aasta kevadel" in moved.text
    gone = Assistant(reader).ask(ROOF_Q)
    assert "teade.txt" not in cited_files(gone) and "Katusemeister" not in gone.text
    assert not reader.catalog.documents_by_file("teade.txt")
    hits = reader.search("Katusemeister katus", k=10)
    found = reader.catalog.passages([h.chunk_id for h in hits])
    assert "teade.txt" not in {p.file_name for p in found}
    assert reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0] == reader.index.ntotal


def _no_model(*args, **kwargs):
    raise AssertionError("the model was loaded")


def test_unchanged_register_is_checked_without_the_model(served, monkeypatch):
    reg, idx = served
    state = served_state(idx)
    monkeypatch.setattr("index.build.load_encoder", _no_model)
    report = build_index(reg, idx)
    assert not report.changed and report.full_reason is None and report.unchanged == 4
    assert served_state(idx) == state


def test_loose_files_at_the_top_do_not_join_the_only_entry_there(served):
    """With one entry left at the top of the register, loose files stay standalone (the
    "one folder per entry" rule is for subfolders, not the register folder itself)."""
    reg, idx = served
    (reg / "hoidla.txt").unlink()
    report = build_index(reg, idx)
    assert report.removed == ["hoidla.txt"] and report.chunks_embedded == 0
    reader = IndexReader(idx)
    assert [d.ref for d in reader.catalog.documents_by_file("memo.md")] == [None]
    assert [c.key for c in Assistant(reader).ask(MOVE_Q).citations][:1] == ["memo.md"]


def test_dry_run_lists_changes_and_changes_nothing(served, cli, tmp_path, monkeypatch):
    reg, idx = served
    monkeypatch.setattr("index.build.load_encoder", _no_model)
    (reg / "uus.txt").write_text("Uus kiri: Valga vallavalitsus palub andmeid.\n")
    (reg / "memo.md").write_text(MEMO + "\nLisa: kolimise eelarve on 12 000 eurot.\n")
    (reg / "teade.txt").unlink()
    (reg / "doc_page.html").rename(reg / "vastus.html")
    before = tree_state(idx)

    result = cli("index", reg, "--index", idx, "--dry-run")
    assert result.exit_code == 0, result.output
    for line in (
        "add uus.txt",
        "update memo.md",
        "remove teade.txt",
        "move doc_page.html -> vastus.html",
    ):
        assert line in result.text, result.output
    assert "Would index" in result.text and "chunks embedded" not in result.text
    assert "Full rebuild" not in result.text
    assert tree_state(idx) == before  # no version, no cache entry, CURRENT as it was

    # a dry run against an index that does not exist yet does not create one
    result = cli("index", reg, "--index", tmp_path / "nowhere", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "add uus.txt" in result.text and not (tmp_path / "nowhere").exists()


def test_cli_refuses_a_second_rebuild_while_one_runs(served, cli):
    reg, idx = served
    (reg / "uus.txt").write_text("Uus kiri.\n")
    state = served_state(idx)
    with BuildLock(idx):
        result = cli("index", reg, "--index", idx)
    assert result.exit_code == 1
    assert "a rebuild is already running" in result.text and f"pid {os.getpid()}" in result.text
    assert "Traceback" not in result.output
    assert served_state(idx) == state


def _disk_full_in_catalog(monkeypatch, idx):
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("index.build.write_meta", full)
    return "could not write the new index version: database or disk is full"


def _disk_full_at_switch(monkeypatch, idx):
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "CURRENT":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return f"could not write the index: {os.strerror(errno.ENOSPC)}"


def _cache_folder_is_a_file(monkeypatch, idx):
    shutil.rmtree(idx / "cache")
    (idx / "cache").write_text("not a folder")
    # a new filing, so that the build must write its vectors to the cache
    (idx.parent / "register" / "uus.txt").write_text("Uus kiri hoidla kolimisest.\n")
    return "could not write the index: File exists"


@pytest.mark.parametrize(
    "fault", [_disk_full_in_catalog, _disk_full_at_switch, _cache_folder_is_a_file]
)
def test_write_failure_leaves_the_served_index_untouched(served, cli, monkeypatch, fault):
    reg, idx = served
    (reg / "teade.txt").unlink()
    state = served_state(idx)
    versions = sorted(p.name for p in IndexDir(idx).versions.iterdir())
    with monkeypatch.context() as patch:
        message = fault(patch, idx)
        result = cli("index", reg, "--index", idx)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert message in result.text and "previous index is still being served" in result.text
    # the old version is served as it was, and answers as before
    assert served_state(idx) == state
    assert sorted(p.name for p in IndexDir(idx).versions.iterdir()) == versions
    assert "teade.txt" in cited_files(ask(idx, ROOF_Q))
    # once the fault is gone the next rebuild goes through (no stale lock or leftovers)
    if (idx / "cache").is_file():
        (idx / "cache").unlink()
    report = build_index(reg, idx)
    assert report.removed == ["teade.txt"] and report.version != state["CURRENT"]
    assert report.added == sorted(p.name for p in reg.iterdir() if p.name == "uus.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_index_folder_is_refused(served, cli):
    reg, idx = served
    (reg / "uus.txt").write_text("Uus kiri.\n")
    state = served_state(idx)
    idx.chmod(0o500)
    try:
        result = cli("index", reg, "--index", idx)
        assert result.exit_code == 1 and "is not writable" in result.text
        assert served_state(idx) == state and IndexReader(idx).catalog.documents_by_file("memo.md")
    finally:
        idx.chmod(0o700)


def test_cli_shows_progress_and_each_failure_with_its_reason(served, cli, monkeypatch):
    reg, idx = served
    (reg / "uus.txt").write_text("Uus kiri: Valga vallavalitsus palub andmeid.\n")
    (reg / "empty.txt").write_bytes(b"")
    (reg / "katki.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    (reg / "tool.exe").write_bytes(b"MZ\x90\x00" * 16)
    bar = StringIO()
    monkeypatch.setattr(viit_cli, "err", Console(file=bar, force_terminal=True, width=120))
    result = cli("index", reg, "--index", idx)
    assert result.exit_code == 0, result.output

    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bar.getvalue())
    assert re.search(r"files\s.*\b4/4\b.*ETA", frames), frames[-2000:]
    assert re.search(r"chunks\s.*\b\d+/\d+\b.*ETA \d+:\d\d:\d\d", frames), frames[-2000:]

    assert re.search(r"added \W*4\b", result.text) and re.search(r"failed \W*2\b", result.text)
    assert "failed empty.txt: empty file" in result.text
    assert re.search(r"failed katki\.pdf: \S+", result.text)
    assert "skipped tool.exe: unsupported file type '.exe'" in result.text
