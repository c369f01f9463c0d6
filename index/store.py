"""The index folder: versions, the atomic switch, the build lock, and the catalog schema.

Layout of an index folder::

    CURRENT                 name of the version being served (replaced atomically)
    versions/<name>/        catalog.sqlite (SQLite) + vectors.faiss (FAISS), always a pair
    cache/embeddings.sqlite vectors by (model, text hash): a killed build resumes from here
    build.lock              held (flock) by the one running build

A build copies the served version into a new folder, changes the copy and only then
replaces CURRENT, so readers never see a half-written catalog or a catalog and vectors
that disagree. A crash leaves at worst an unreferenced folder, removed by the next build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import signal
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "1"
CATALOG = "catalog.sqlite"
VECTORS = "vectors.faiss"

# FTS5's tokenizer for the ``tokens`` column (already analysed text, index/text.py): the
# characters of register references and numbers stay inside a token
FTS_TOKENIZE = "unicode61 tokenchars '-/.%'"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,        -- relative to the register folder, '/' separated
    sha TEXT NOT NULL,
    size INTEGER NOT NULL,
    status TEXT NOT NULL,         -- ok | failed
    reason TEXT,
    format TEXT,
    indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    file_path TEXT NOT NULL,      -- the file on disk that a citation names
    part TEXT NOT NULL DEFAULT '',-- inner path for a document inside a container or e-mail
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT,
    ref TEXT,                     -- register reference the document belongs to, if any
    own_ref TEXT,                 -- reference of the entry this file itself describes
    synthetic INTEGER NOT NULL DEFAULT 0, -- 1: public registration record of a restricted entry
    text TEXT NOT NULL,
    sections TEXT NOT NULL,       -- JSON [[start, end, kind, page], ...]
    letter TEXT,                  -- JSON of the letter headers
    entry TEXT                    -- JSON of the register entry the file carries
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file_path);
CREATE INDEX IF NOT EXISTS documents_ref ON documents(ref);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,       -- also the FAISS id
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page INTEGER,
    kind TEXT NOT NULL,
    embed_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    tokens, tokenize="{FTS_TOKENIZE}", prefix='6'
);
-- BM25 postings of the same tokens, in segments (index/postings.py): the lexical run reads
-- these instead of asking FTS5 to score every chunk holding a query term.
CREATE TABLE IF NOT EXISTS postings (
    term TEXT NOT NULL,
    seg INTEGER NOT NULL,
    ids BLOB NOT NULL,            -- int32 chunk ids, ascending
    tfs BLOB NOT NULL,            -- uint16 count of the term in each of those chunks
    PRIMARY KEY (term, seg)
);
CREATE TABLE IF NOT EXISTS postings_segments (
    seg INTEGER PRIMARY KEY,
    ids BLOB NOT NULL,            -- int32 chunk ids the segment holds, ascending
    lens BLOB NOT NULL,           -- int32 token count of each (FTS5's column size)
    postings INTEGER NOT NULL
);
-- Chunk counts of the terms in at least COMMON_DF chunks, refreshed by every build: the
-- search looks a common term up here instead of reading its long FTS5 doclist (up to
-- 0.2 s for one term at a million chunks, bench/README.md).
CREATE TABLE IF NOT EXISTS common_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
    ref TEXT PRIMARY KEY,
    doc_id INTEGER,               -- the document that describes the entry
    title TEXT, registered TEXT, synced TEXT, doc_type TEXT, function TEXT, series TEXT,
    file TEXT, access_level TEXT, access_basis TEXT, access_start TEXT, access_end TEXT,
    restricted INTEGER NOT NULL DEFAULT 0,
    addressee TEXT, sender TEXT, channel TEXT, responsible TEXT, deadline TEXT,
    sender_ref TEXT, organisation TEXT,
    data TEXT NOT NULL            -- JSON of the whole entry
);
CREATE TABLE IF NOT EXISTS related (
    ref TEXT NOT NULL,
    pos INTEGER NOT NULL,
    rel_ref TEXT, title TEXT, date TEXT, doc_type TEXT, org TEXT, parties TEXT,
    relation TEXT, restricted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS related_ref ON related(ref);
CREATE INDEX IF NOT EXISTS related_rel ON related(rel_ref);
"""


class IndexProblem(Exception):
    """Base for index problems shown to staff as one clear message."""


class IndexMissing(IndexProblem):
    pass


class IndexLocked(IndexProblem):
    pass


class IndexIncompatible(IndexProblem):
    pass


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(path, check_same_thread=False)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=FULL")
    con.row_factory = sqlite3.Row
    return con


@dataclass
class IndexDir:
    """An index folder on disk."""

    root: Path

    @property
    def versions(self) -> Path:
        return self.root / "versions"

    @property
    def cache_path(self) -> Path:
        return self.root / "cache" / "embeddings.sqlite"

    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        return name or None

    def current(self) -> Path | None:
        name = self.current_name()
        if name and (self.versions / name / CATALOG).exists():
            return self.versions / name
        return None

    def require_current(self) -> Path:
        cur = self.current()
        if cur is None:
            raise IndexMissing(
                f"no index at {self.root}: build one with `viit index REGISTER_FOLDER`"
            )
        return cur

    def new_version(self) -> Path:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.versions / f"v{stamp}-{os.getpid()}"
        path.mkdir(parents=True)
        return path

    def switch(self, version: Path) -> None:
        """Make ``version`` the served one: fsync its files, then replace CURRENT.

        The version served until now is named in PREVIOUS first, so that garbage
        collection keeps it for readers that opened it a moment ago.
        """
        for f in version.iterdir():
            _fsync(f)
        _fsync(version)
        previous = self.current_name()
        if previous:
            _write_atomic(self.root / "PREVIOUS", previous + "\n")
        tmp = self.root / f"CURRENT.tmp{os.getpid()}"
        with open(tmp, "w") as fh:
            fh.write(version.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        crash_point("switch")
        os.replace(tmp, self.root / "CURRENT")
        _fsync(self.root)

    def collect_garbage(self) -> None:
        """Remove every version but the served one and the one served before it.

        Anything else is a crash leftover or long superseded. Runs only under the
        build lock, so no build is writing a version meanwhile.
        """
        if not self.versions.exists():
            return
        keep = {self.current_name()}
        with contextlib.suppress(FileNotFoundError):
            keep.add((self.root / "PREVIOUS").read_text().strip())
        for path in self.versions.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
        for tmp in self.root.glob("*.tmp*"):
            tmp.unlink(missing_ok=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    with open(tmp, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def crash_point(name: str) -> None:
    """Die here, as a power cut would, when ``VIIT_CRASH_AT`` names this point.

    Only the crash-safety tests set it: they SIGKILL real builds at each point and check
    that the served index survives and the next build finishes the work.
    """
    if os.environ.get("VIIT_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BuildLock:
    """One build at a time per index folder.

    ``flock`` is released by the kernel when the holder dies, so a crashed build never
    leaves a stale lock; the file only records who holds it for the message.
    """

    def __init__(self, root: Path):
        self.path = root / "build.lock"
        self._fh = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise IndexLocked(
                f"a rebuild is already running on {self.path.parent} ({holder}); "
                "wait for it to finish"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.seek(0)
            self._fh.truncate()
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


COMMON_DF = 1000


def vocab_table(con: sqlite3.Connection) -> str:
    """``temp.vocab``: the FTS5 vocabulary of this connection's catalog (term, doc, cnt)."""
    con.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, chunks_fts, 'row')"
    )
    return "temp.vocab"


def refresh_common_terms(con: sqlite3.Connection, min_df: int = COMMON_DF) -> int:
    """Rewrite ``common_terms`` from the FTS5 vocabulary; returns the number of terms.

    One pass over the whole FTS5 index (5.2 s at a million chunks, 0.1 s at 10,000;
    bench/README.md), in the caller's transaction so the table and the FTS5 rows it counts
    are committed together.
    """
    vocab_table(con)
    con.execute("DELETE FROM common_terms")
    con.execute(
        "INSERT INTO common_terms(term, df) SELECT term, doc FROM temp.vocab WHERE doc >= ?",
        (min_df,),
    )
    return con.execute("SELECT count(*) FROM common_terms").fetchone()[0]


def read_meta(con: sqlite3.Connection) -> dict[str, str]:
    return {r["key"]: r["value"] for r in con.execute("SELECT key, value FROM meta")}


def write_meta(con: sqlite3.Connection, values: dict[str, object]) -> None:
    con.executemany(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in values.items()],
    )
