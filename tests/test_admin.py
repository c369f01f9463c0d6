"""The Admin page for real (Streamlit AppTest, the real model, FAISS and SQLite).

Only users with the admin role in the users file get the page. An admin sees the index
status, uploads filings (name clashes renamed, duplicates and bad types refused with a
message), starts a rebuild, watches its progress and reads the summary; the Ask page then
answers from the new version without a restart.
"""

from __future__ import annotations

import errno
import json
import shutil
import threading
import time
from pathlib import Path

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from assistant.admin import RebuildJob, save_upload
from index.build import BuildReport, build_index
from index.store import BuildLock

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
MEMO = b"# Memo\n\nThe reading room of the archive closes on Fridays at 15:00 from May.\n"
FILING = (
    "Memo\n\nTartu hoidla arhivaalid kolitakse 2026. aasta kevadel Raatuse tänava hoonesse. "
    "Kolimist juhib Jaan Tamm.\n"
).encode()


# -- uploads -------------------------------------------------------------------------------
def test_upload_is_saved_without_overwriting(tmp_path):
    reg = tmp_path / "register"
    assert save_upload(reg, "memo.md", MEMO, "en") == (True, "memo.md added")
    # same name, other content: kept beside it under a new name
    ok, message = save_upload(reg, "memo.md", MEMO + b"\nLisa.\n", "en")
    assert ok and message == "memo.md added (saved as memo (2).md: the name was taken)"
    assert (reg / "memo.md").read_bytes() == MEMO
    assert (reg / "memo (2).md").read_bytes() == MEMO + b"\nLisa.\n"
    # same content again, under either name: reported, nothing written
    assert save_upload(reg, "memo.md", MEMO, "en") == (
        False,
        "memo.md: the same file is already in the register",
    )
    ok, message = save_upload(reg, "memo.md", MEMO + b"\nLisa.\n", "et")
    assert not ok and message == "memo.md: sama fail on registris juba olemas nimega memo (2).md"
    # a path in the name never leaves the register folder
    assert save_upload(reg, "../../etc/kiri.txt", b"Kiri.\n") == (True, "kiri.txt lisatud")
    assert sorted(p.name for p in reg.iterdir()) == ["kiri.txt", "memo (2).md", "memo.md"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("setup.exe", b"MZ\x90\x00", "setup.exe: unsupported file type"),
        ("pilt.bmp", b"BM\x36\x00", "pilt.bmp: unsupported file type"),
        ("tyhi.txt", b"", "tyhi.txt: the file is empty"),
        ("...", b"x", "the file has no usable name"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(tmp_path, name, data, reason):
    ok, message = save_upload(tmp_path, name, data, "en")
    assert not ok and message.startswith(reason)
    assert not list(tmp_path.iterdir())


# -- the rebuild job -----------------------------------------------------------------------
def _wait(job: RebuildJob, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while job.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not job.running


def test_rebuild_job_reports_every_failure(tmp_path, monkeypatch):
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "memo.md").write_bytes(MEMO)
    idx = tmp_path / "index"
    with BuildLock(idx):
        job = RebuildJob(reg, idx).start()
        _wait(job)
    assert "a rebuild is already running" in job.error and job.report is None
    assert job.error_text("en").startswith("Rebuild failed: ")

    gate = threading.Event()

    def slow(*args, **kwargs):
        assert gate.wait(30)
        return BuildReport(unchanged=1)

    monkeypatch.setattr("assistant.admin.build_index", slow)
    job = RebuildJob(reg, idx).start()
    assert job.running  # at once, so that the page disables Rebuild before the thread runs
    gate.set()
    _wait(job)
    assert job.error is None and job.report is not None

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(idx / "versions"))

    monkeypatch.setattr("assistant.admin.build_index", disk_full)
    job = RebuildJob(reg, idx)
    job.run()
    assert job.error_text("en") == (
        f"Rebuild failed: No space left on device ({idx / 'versions'}); "
        "the previous index is still being served."
    )
    assert job.error_text("et").endswith("kasutusel on endine indeks.")

    def bug(*args, **kwargs):
        raise RuntimeError("faiss exploded")

    monkeypatch.setattr("assistant.admin.build_index", bug)
    job = RebuildJob(reg, idx).start()
    _wait(job)
    assert "faiss exploded" in job.error and not job.running  # never a silent spinner


def test_rebuild_job_summary():
    job = RebuildJob(Path("r"), Path("i"))
    job.report = BuildReport(
        added=["a.txt", "b.pdf"], removed=["c.txt"], unchanged=7, failed=[("b.pdf", "corrupted")],
        failing=[("b.pdf", "corrupted")],
        full_reason="the encoder changed from x to y", chunks_embedded=12, seconds=3.25,
    )  # fmt: skip
    assert job.summary("en") == (
        "Full rebuild: the encoder changed from x to y.\n"
        "2 added, 0 updated, 1 removed, 0 moved, 7 unchanged, 1 failed; "
        "12 passages embedded in 3.2 s.\n- b.pdf: corrupted"
    )
    job.progress = ("embed", 3, 12)
    assert job.progress_text("en") == "embedding passages: 3/12"
    assert job.progress_text("et") == "arvutan lõikude vektoreid: 3/12"
    job.progress = ("scan", 0, 0)
    assert job.progress_text("en") == "looking for changed files…"
    job.report = BuildReport(unchanged=3)
    assert job.summary("en") == "Index is up to date: nothing changed."


# -- the page --------------------------------------------------------------------------------
@pytest.fixture
def users(tmp_path, monkeypatch) -> Path:
    password = bcrypt.hashpw(b"salasona", bcrypt.gensalt(rounds=4)).decode()
    path = tmp_path / "users.json"
    path.write_text(
        json.dumps(
            {
                "users": {
                    "anna": {"password": password, "role": "admin"},
                    "mari": {"password": password, "cleared": True},
                }
            }
        )
    )
    monkeypatch.setenv("VIIT_USERS", str(path))
    return path


def _app(index: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("VIIT_INDEX", str(index))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "en"  # the labels below are the English ones
    at.run()
    assert not at.exception
    return at


def _sign_in(at: AppTest, name: str) -> None:
    next(t for t in at.sidebar.text_input if t.label == "User name").set_value(name)
    next(t for t in at.sidebar.text_input if t.label == "Password").set_value("salasona")
    next(b for b in at.sidebar.button if b.label == "Sign in").click()
    at.run()
    assert not at.exception
    assert any(f"Signed in: {name}" in s.value for s in at.sidebar.success)


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _folder_input(at: AppTest):
    return next(t for t in at.text_input if t.label == "Register folder")


def _status(at: AppTest) -> dict[str, str]:
    """The index status table of the Admin page, label -> value."""
    table = next(m.value for m in at.main.markdown if "| Files |" in m.value)
    cells = [line.split("|")[1:3] for line in table.splitlines()[2:]]
    return {k.strip(): v.strip() for k, v in cells}


def _is_admin_page(at: AppTest) -> bool:
    return any(h.value == "Index administration" for h in at.header)


def test_only_admins_get_the_admin_page(users, tmp_path, monkeypatch):
    at = _app(tmp_path / "index", monkeypatch)
    assert not at.radio  # public: no page switch at all
    at.session_state["page"] = "Admin"  # nor by forging the page in the session
    at.run()
    assert not _is_admin_page(at)

    _sign_in(at, "mari")  # cleared for restricted entries, but no admin
    assert not at.radio
    at.session_state["page"] = "Admin"
    at.run()
    assert not _is_admin_page(at)

    next(b for b in at.sidebar.button if b.label == "Sign out").click()
    at.run()
    _sign_in(at, "anna")
    at.radio(key="page").set_value("Admin").run()
    assert _is_admin_page(at)
    next(b for b in at.sidebar.button if b.label == "Sign out").click()
    at.run()
    assert not _is_admin_page(at) and not at.radio


def _poll(at: AppTest, done, seconds: float = 300) -> list[tuple[str, bool]]:
    """Rerun the page (as the browser's fragment timer would) until ``done(at)``.

    Returns what each rerun showed: (progress text, whether Rebuild was disabled).
    """
    seen = []
    deadline = time.monotonic() + seconds
    while True:
        at.run()
        assert not at.exception
        bars = at.get("progress")
        seen.append((bars[0].text if bars else "", _button(at, "Rebuild").disabled))
        if done(at) or time.monotonic() > deadline:
            return seen
        time.sleep(0.5)


def _summary(at: AppTest) -> str:
    return next((s.value for s in at.success if " added, " in s.value), "")


def test_second_rebuild_is_refused_on_the_page(users, tmp_path, monkeypatch):
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "memo.md").write_bytes(MEMO)
    idx = tmp_path / "index"
    at = _app(idx, monkeypatch)
    _sign_in(at, "anna")
    at.radio(key="page").set_value("Admin").run()
    _folder_input(at).set_value(str(reg)).run()
    with BuildLock(idx):
        _button(at, "Rebuild").click()
        _poll(at, lambda at: bool(at.error), seconds=60)
    assert "a rebuild is already running" in at.error[0].value
    assert not (idx / "CURRENT").exists()


@pytest.mark.slow  # builds twice and answers with the real model: 20 s of the quick layer's minute
def test_admin_uploads_rebuilds_and_the_ask_page_cites_the_new_filing(users, tmp_path, monkeypatch):
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "memo.md").write_bytes(MEMO)
    shutil.copy(ROOT / "sample_register" / "doc_page.html", reg)
    idx = tmp_path / "index"
    first = build_index(reg, idx)

    at = _app(idx, monkeypatch)
    _sign_in(at, "anna")
    at.radio(key="page").set_value("Admin").run()
    assert not at.exception and _is_admin_page(at)
    # the index status
    status = _status(at)
    assert status["Files"] == "2" and status["Files not read"] == "0"
    assert _folder_input(at).value == str(reg.resolve())

    # uploads: a new filing, a name clash, a duplicate, bad types, a broken PDF
    at.file_uploader[0].set_value(
        [
            ("hoidla-kolimine.txt", FILING, "text/plain"),
            ("memo.md", MEMO + b"\nLisa: avatud ka laupaeviti.\n", "text/markdown"),
            ("memo.md", MEMO, "text/markdown"),
            ("setup.exe", b"MZ\x90\x00" * 8, "application/octet-stream"),
            ("tyhi.txt", b"", "text/plain"),
            ("katki.pdf", b"%PDF-1.4\nthis is not a PDF\n", "application/pdf"),
        ]
    )
    at.run()
    _button(at, "Save uploaded files").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.main.success] == [
        "hoidla-kolimine.txt added",
        "memo.md added (saved as memo (2).md: the name was taken)",
        "katki.pdf added",
    ]
    errors = [e.value for e in at.main.error]
    assert errors[0] == "memo.md: the same file is already in the register"
    assert errors[1].startswith("setup.exe: unsupported file type")
    assert errors[2] == "tyhi.txt: the file is empty"
    assert sorted(p.name for p in reg.iterdir()) == [
        "doc_page.html", "hoidla-kolimine.txt", "katki.pdf", "memo (2).md", "memo.md",
    ]  # fmt: skip

    # rebuild: progress while it runs, then the summary with the failure and its reason
    _button(at, "Rebuild").click()
    at.run()
    assert not at.exception and at.get("progress")
    seen = _poll(at, lambda at: bool(_summary(at) or at.error))
    assert not at.error, at.error[0].value
    summary = _summary(at)
    assert summary.startswith("3 added, 0 updated, 0 removed, 0 moved, 2 unchanged, 1 failed; "), (
        summary
    )
    assert "\n- katki.pdf: " in summary
    bar = at.get("progress")[0]
    assert bar.value == 100 and bar.text.startswith("embedding passages: ")
    # while it ran, the page said so and a second rebuild could not be started
    assert all(disabled for text, disabled in seen[:-1])

    # the status is the new version's, read without restarting anything
    at.run()
    status = _status(at)
    assert status["Files"] == "4" and status["Files not read"] == "1"
    assert any("**4** files" in m.value for m in at.sidebar.markdown)
    assert any("| katki.pdf |" in m.value for m in at.main.markdown)

    # the Ask page answers from the new version and cites the uploaded filing
    at.radio(key="page").set_value("Ask").run()
    at.chat_input[0].set_value("Millal kolitakse Tartu hoidla arhivaalid?").run()
    assert not at.exception
    answer = at.chat_message[1].markdown[0].value
    assert "2026. aasta kevadel" in answer and "[hoidla-kolimine.txt]" in answer, answer
    assert "hoidla-kolimine.txt (no register reference)" in at.expander[0].label
    # the same page in Estonian
    at.session_state["lang"] = "et"
    at.run()
    assert "hoidla-kolimine.txt (viiteta)" in at.expander[0].label
    assert (idx / "CURRENT").read_text().strip() != first.version
