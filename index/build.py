"""Build or rebuild the index from a register folder, incrementally and crash-safe.

Which file belongs to which register entry is decided by index/attribution.py (README:
"How a register folder maps to entries"); which files could be read by ingest/readers.

A rebuild compares content hashes with the catalog: only new and changed files are
parsed; a renamed file keeps its passages; passages whose text is unchanged reuse their
vectors from the embedding cache; deleted files leave vectors, catalog and answers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import queue
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np

from index import postings, vectors
from index.attribution import RegisterMap, entry_for
from index.cache import EmbeddingCache, embed_key
from index.catalog import entry_from_json, merge_entries, to_json, write_entries
from index.encoder import (
    DEFAULT_ENCODER,
    LEGACY_PRECISION,
    Encoder,
    cpu_count,
    load_encoder,
    model_max_tokens,
    precision_setting,
    resolve_model_path,
)
from index.scan import Scanned, ScanResult, catalog_name, scan
from index.store import (
    CATALOG,
    COMMON_DF,
    SCHEMA,
    SCHEMA_VERSION,
    VECTORS,
    BuildLock,
    IndexDir,
    IndexProblem,
    connect,
    crash_point,
    read_meta,
    refresh_common_terms,
    write_meta,
)
from index.text import analyze
from ingest import ocr
from ingest.chunking import ChunkSettings, chunk_document
from ingest.fields import FIELDS, canonical_field, format_date
from ingest.model import SECTION_METADATA, Chunk, Document, Entry, ReadError, Section
from ingest.readers import Unsupported, read_path, readers_signature

Progress = Callable[[str, int, int], None]  # (phase, done, total)

# texts per encode call; each finished batch is cached, so a killed build loses at most one
EMBED_BATCH = int(os.environ.get("VIIT_EMBED_BATCH", "64"))
RECORD_KIND = "record"


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    metadata_updated: list[str] = field(default_factory=list)
    chunks_added: int = 0
    chunks_embedded: int = 0  # distinct passage texts encoded by this build
    chunks_reused: int = 0  # distinct texts whose vector the embedding cache already held
    chunks_deduplicated: int = 0  # chunks whose text another chunk of this build also has
    precision: str | None = None
    full_reason: str | None = None
    version: str | None = None
    dry_run: bool = False
    seconds: float = 0.0
    encode_seconds: float = 0.0
    upgraded: bool = False  # postings written for an index built before them
    # every file the served index could not read (this run's and earlier runs'), and what
    # the walk could not look at: (path, reason), so a rebuild with no change names them
    failing: list[tuple[str, str]] = field(default_factory=list)
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # of no known type
    warnings: list[tuple[str, str]] = field(default_factory=list)  # read, with a remark
    retried: list[str] = field(default_factory=list)  # re-read: the readers changed

    @property
    def changed(self) -> bool:
        return bool(
            self.added or self.updated or self.removed or self.moved or self.full_reason
            or self.retried
        )  # fmt: skip


def _settings_for(enc_name: str, max_tokens: int) -> ChunkSettings:
    return ChunkSettings(
        max_tokens=max_tokens, target_tokens=min(200, max_tokens - 40), overlap_tokens=32
    )


def build_index(
    source: Path,
    index_dir: Path,
    encoder: str = DEFAULT_ENCODER,
    dry_run: bool = False,
    full: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Bring the index in ``index_dir`` up to date with the register folder ``source``."""
    started = time.perf_counter()
    progress = progress or (lambda phase, done, total: None)
    source = Path(source).resolve()
    if not source.is_dir():
        raise IndexProblem(f"register folder not found: {source}")
    idx = IndexDir(Path(index_dir).resolve())
    # a dry run against a folder that does not exist yet must not create it
    lock = BuildLock(idx.root) if idx.root.is_dir() or not dry_run else contextlib.nullcontext()
    try:
        if not dry_run:
            idx.root.mkdir(parents=True, exist_ok=True)
            probe = idx.root / f".write-test-{os.getpid()}"
            probe.write_text("ok")
            probe.unlink()
    except OSError as exc:
        raise IndexProblem(
            f"index folder {idx.root} is not writable: {exc.strerror or exc}"
        ) from exc

    report = BuildReport(dry_run=dry_run)
    with lock:
        if not dry_run:
            idx.collect_garbage()
        cur = idx.current()
        enc_name, enc_path = resolve_model_path(encoder)
        old_meta: dict[str, str] = {}
        if cur is not None:
            with connect(cur / CATALOG, readonly=True) as con:
                old_meta = read_meta(con)
        # settings come from the model's config: an unchanged register is checked
        # without loading the model at all
        max_tokens = model_max_tokens(enc_path)
        enc: Encoder | None = None
        precision = precision_setting()
        report.precision = precision
        if max_tokens is None and not dry_run:
            enc = load_encoder(encoder, precision)
            max_tokens = enc.max_tokens
        settings = _settings_for(enc_name, max_tokens or 256)
        old_precision = old_meta.get("precision", LEGACY_PRECISION)
        if cur is not None and not full:
            if old_meta.get("schema") != SCHEMA_VERSION:
                report.full_reason = "the index format changed"
            elif old_meta.get("encoder") != enc_name:
                report.full_reason = (
                    f"the encoder changed from {old_meta.get('encoder')} to {enc_name}"
                )
            elif old_precision != precision:
                report.full_reason = (
                    f"the encoder precision changed from {old_precision} to {precision}"
                )
            elif old_meta.get("chunking") != settings.key():
                report.full_reason = (
                    f"the chunking settings changed from {old_meta.get('chunking')} "
                    f"to {settings.key()}"
                )
        elif cur is not None and full:
            report.full_reason = "a full rebuild was asked for"
        incremental = cur is not None and report.full_reason is None

        progress("scan", 0, 0)
        walk = scan(source, exclude=idx.root)
        scanned = walk.files
        old_files: dict[str, sqlite3.Row] = {}
        if incremental:
            with connect(cur / CATALOG, readonly=True) as con:
                old_files = {r["path"]: r for r in con.execute("SELECT * FROM files")}
        plan = _diff(old_files, scanned)
        if incremental and old_meta.get("readers") != readers_signature():
            # new readers (a format, OCR turned on): what they could not read may read now
            plan["retry"] = sorted(p for p in plan["unchanged"] if old_files[p]["status"] != "ok")
            plan["unchanged"] = [p for p in plan["unchanged"] if p not in set(plan["retry"])]
            report.retried = plan["retry"]
        report.added = sorted(plan["added"])
        report.updated = sorted(plan["updated"])
        report.removed = sorted(plan["removed"])
        report.moved = sorted(plan["moved"])
        report.unchanged = len(plan["unchanged"])
        report.warnings.extend(walk.renamed)
        # an index from before postings (index/postings.py) gets them in the next build,
        # even when no file changed
        report.upgraded = cur is not None and not old_meta.get("postings") and incremental
        if dry_run or (not report.changed and cur is not None and not report.upgraded):
            report.version = idx.current_name()
            if cur is not None:
                report.failing, report.unsupported = _failing(cur, walk)
            else:
                report.failing = list(walk.problems)
            report.seconds = time.perf_counter() - started
            return report

        enc = enc or load_encoder(encoder, precision)
        settings = _settings_for(enc.name, enc.max_tokens)
        version = idx.new_version()
        report.failing = list(walk.problems)
        try:
            with ocr.cache_in(idx.root / "cache" / "ocr"):  # scans are read once
                _write_version(
                    idx, cur if incremental else None, version, source, scanned, plan, enc,
                    settings, report, progress,
                )  # fmt: skip
            idx.switch(version)
        except BaseException as exc:
            shutil.rmtree(version, ignore_errors=True)
            if isinstance(exc, sqlite3.Error):  # e.g. "database or disk is full"
                raise IndexProblem(
                    f"could not write the new index version: {exc}; "
                    "the previous index is still being served"
                ) from exc
            raise
        report.version = version.name
        report.failing, report.unsupported = _failing(version, walk)
        idx.collect_garbage()
    report.seconds = time.perf_counter() - started
    return report


def _failing(version: Path, walk: ScanResult) -> tuple[list, list]:
    """(files this version could not read and what the walk could not open, files of a
    type no reader handles), each as (path, reason)."""
    with connect(version / CATALOG, readonly=True) as con:
        rows = con.execute(
            "SELECT path, status, reason FROM files WHERE status != 'ok' ORDER BY path"
        ).fetchall()
    failed = [(r["path"], r["reason"] or "") for r in rows if r["status"] == "failed"]
    skipped = [(r["path"], r["reason"] or "") for r in rows if r["status"] != "failed"]
    return sorted(failed + walk.problems), skipped


def _diff(old: dict[str, sqlite3.Row], new: dict[str, Scanned]) -> dict[str, list]:
    added = [p for p in new if p not in old]
    removed = [p for p in old if p not in new]
    updated = [p for p in new if p in old and old[p]["sha"] != new[p].sha]
    unchanged = [p for p in new if p in old and old[p]["sha"] == new[p].sha]
    # a removed file whose exact content reappears under a new name is a move
    gone_by_sha: dict[str, list[str]] = {}
    for p in removed:
        gone_by_sha.setdefault(old[p]["sha"], []).append(p)
    moved: list[tuple[str, str]] = []
    for p in list(added):
        olds = gone_by_sha.get(new[p].sha)
        if olds:
            src = olds.pop()
            moved.append((src, p))
            added.remove(p)
            removed.remove(src)
    return {
        "added": added,
        "removed": removed,
        "updated": updated,
        "unchanged": unchanged,
        "moved": moved,
    }


def _flatten(doc: Document, prefix: str = "") -> list[tuple[str, Document]]:
    out = [(prefix, doc)]
    for part in doc.parts:
        inner = f"{prefix}/{part.name}" if prefix else part.name
        out.extend(_flatten(part, inner))
    return out


def _write_version(
    idx: IndexDir,
    cur: Path | None,
    version: Path,
    source: Path,
    scanned: dict[str, Scanned],
    plan: dict[str, list],
    enc: Encoder,
    settings: ChunkSettings,
    report: BuildReport,
    progress: Progress,
) -> None:
    cat_path = version / CATALOG
    if cur is not None:
        with connect(cur / CATALOG, readonly=True) as src, connect(cat_path) as dst:
            src.backup(dst)
        index = vectors.load_for_update(cur / VECTORS)
    else:
        index = vectors.new_index(enc.dim)
    con = connect(cat_path)
    con.executescript(SCHEMA)
    now = dt.datetime.now().isoformat(timespec="seconds")

    # 1. forget what changed or disappeared
    gone = plan["removed"] + plan["updated"] + plan.get("retry", [])
    _delete_files(con, index, gone)
    for old_path, new_path in plan["moved"]:
        con.execute("UPDATE files SET path=? WHERE path=?", (new_path, old_path))
        con.execute(
            "UPDATE documents SET file_path=?, name=CASE WHEN part='' THEN ? ELSE name END "
            "WHERE file_path=?",
            (new_path, PurePosixPath(new_path).name, old_path),
        )

    # 2. read and chunk what is new, while a worker thread embeds what is already chunked
    embedder = _Embedder(idx.cache_path, enc)
    try:
        todo = sorted(plan["added"] + plan["updated"] + plan.get("retry", []))
        pending: list[tuple[int, str, str]] = []  # (chunk id, embed key, embed text)
        if not con.in_transaction:
            con.execute("BEGIN")  # one transaction: a file's savepoint release commits nothing
        for i, rel in enumerate(todo):
            progress("parse", i, len(todo))
            embedder.report_progress(progress)
            new = _read_file(con, enc, settings, rel, scanned[rel], report, now)
            embedder.submit(new)
            pending += new
            if i == len(todo) // 2:
                crash_point("parse")
        progress("parse", len(todo), len(todo))

        # 3. entries, which file belongs to which entry, public records of restricted entries
        new = _derive_entries(con, index, enc, report)
        embedder.submit(new)
        pending += new

        # 4. vectors: the worker finishes; each distinct text was encoded once, or taken
        # from the embedding cache where an earlier build had encoded it
        known = embedder.finish(progress)
    finally:
        embedder.close()
    report.chunks_added = len(pending)
    report.chunks_embedded = embedder.encoded
    report.chunks_reused = embedder.reused
    report.chunks_deduplicated = len(pending) - len({k for _, k, _ in pending})
    report.encode_seconds = embedder.encode_seconds
    if pending:
        ids = [cid for cid, _, _ in pending]
        vectors.add(index, ids, np.stack([known[k] for _, k, _ in pending]))

    refresh_common_terms(con)
    if read_meta(con).get("postings"):
        postings.add_chunks(con, [cid for cid, _, _ in pending])
    else:  # a catalog from before postings: write them for every chunk, once
        postings.rebuild(con)
    postings.maintain(con)
    index = vectors.fit(index)  # the index kind for this many vectors (flat or IVF)
    n_chunks = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    if n_chunks != index.ntotal:  # never switch to a version whose halves disagree
        raise IndexProblem(f"catalog has {n_chunks} chunks but FAISS {index.ntotal}; aborted")
    write_meta(
        con,
        {
            "schema": SCHEMA_VERSION,
            "encoder": enc.name,
            "encoder_path": str(enc.path),
            "dim": str(enc.dim),
            "precision": enc.precision,
            "vector_index": vectors.describe(index),
            "chunking": settings.key(),
            "common_df": str(COMMON_DF),
            "postings": "1",
            "readers": readers_signature(),
            "scan_problems": report.failing,  # what the walk could not open, for status
            "source": catalog_name(str(source)),
            "built_at": dt.datetime.now().isoformat(timespec="seconds"),
        },
    )
    con.commit()
    con.close()
    crash_point("write")
    vectors.save(index, version / VECTORS)


def _read_file(con, enc, settings, rel: str, info: Scanned, report: BuildReport, now: str):
    """Read one file into the catalog; returns its chunks to embed.

    Nothing in one file may stop a build: a reader's refusal is the file's reason, and any
    other error while reading or storing it rolls back what was written for it and is
    reported the same way.
    """
    fmt = PurePosixPath(rel).suffix.lower().lstrip(".")
    try:
        doc = read_path(Path(info.fs), PurePosixPath(rel).name)
    except Unsupported as exc:
        report.skipped.append((rel, str(exc)))
        _file_row(con, rel, info, "skipped", str(exc), fmt, now)
        return []
    except ReadError as exc:
        report.failed.append((rel, str(exc)))
        _file_row(con, rel, info, "failed", str(exc), fmt, now)
        return []
    con.execute("SAVEPOINT one_file")
    try:
        pending = []
        for part_path, part in _flatten(doc):
            pending += _insert_document(con, enc, settings, rel, part_path, part)
    except (sqlite3.Error, ValueError, UnicodeError) as exc:
        con.execute("ROLLBACK TO one_file")
        con.execute("RELEASE one_file")
        reason = f"could not be stored: {type(exc).__name__}: {exc}"
        report.failed.append((rel, reason))
        _file_row(con, rel, info, "failed", reason, fmt, now)
        return []
    con.execute("RELEASE one_file")
    warnings = [
        f"{part_path}: {w}" if part_path else w
        for part_path, part in _flatten(doc)
        for w in part.warnings
    ]
    report.warnings.extend((rel, w) for w in warnings)
    _file_row(con, rel, info, "ok", "; ".join(warnings) or None, doc.format, now)
    return pending


def _file_row(con, rel, info, status, reason, fmt, now) -> None:
    con.execute(
        "INSERT OR REPLACE INTO files(path, sha, size, status, reason, format, indexed_at) "
        "VALUES (?,?,?,?,?,?,?)",
        (rel, info.sha, info.size, status, reason, fmt, now),
    )


def _delete_docs(con: sqlite3.Connection, index, doc_ids: list[int]) -> None:
    if not doc_ids:
        return
    for i in range(0, len(doc_ids), 500):
        part = doc_ids[i : i + 500]
        marks = ",".join("?" * len(part))
        ids = [r[0] for r in con.execute(f"SELECT id FROM chunks WHERE doc_id IN ({marks})", part)]
        vectors.remove(index, ids)
        con.executemany("DELETE FROM chunks_fts WHERE rowid=?", [(x,) for x in ids])
        con.execute(f"DELETE FROM chunks WHERE doc_id IN ({marks})", part)
        con.execute(f"DELETE FROM documents WHERE id IN ({marks})", part)


def _delete_files(con: sqlite3.Connection, index, paths: list[str]) -> None:
    for i in range(0, len(paths), 500):
        part = paths[i : i + 500]
        marks = ",".join("?" * len(part))
        doc_ids = [
            r[0]
            for r in con.execute(f"SELECT id FROM documents WHERE file_path IN ({marks})", part)
        ]
        _delete_docs(con, index, doc_ids)
        con.execute(f"DELETE FROM files WHERE path IN ({marks})", part)


def _sections_json(doc: Document) -> str:
    out = []
    for s, off in zip(doc.sections, doc.section_offsets(), strict=True):
        out.append([off, off + len(s.text), s.kind, s.page])
    return json.dumps(out)


def _insert_document(
    con: sqlite3.Connection,
    enc: Encoder,
    settings: ChunkSettings,
    rel: str,
    part_path: str,
    doc: Document,
    ref: str | None = None,
    synthetic: bool = False,
    context: str | None = None,
) -> list[tuple[int, str, str]]:
    cur = con.execute(
        "INSERT INTO documents(file_path, part, name, format, title, ref, own_ref, synthetic, "
        "text, sections, letter, entry) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            rel, part_path, doc.name, doc.format, doc.title,
            ref or (doc.entry.ref if doc.entry else None),
            doc.entry.ref if doc.entry and not synthetic else None,
            int(synthetic), doc.text, _sections_json(doc),
            to_json(doc.letter) if doc.letter else None,
            to_json(doc.entry) if doc.entry and not synthetic else None,
        ),
    )  # fmt: skip
    doc_id = cur.lastrowid
    if context is None:
        context = doc.title or doc.name
    chunks = chunk_document(doc, _counter(enc), settings, context=context)
    return _insert_chunks(con, enc, doc_id, chunks, RECORD_KIND if synthetic else None)


def _insert_chunks(con, enc: Encoder, doc_id: int, chunks: list[Chunk], kind: str | None):
    pending = []
    for ch in chunks:
        key = embed_key(enc.cache_id, ch.embed_text)
        cur = con.execute(
            "INSERT INTO chunks(doc_id, start, end, page, kind, embed_key) VALUES (?,?,?,?,?,?)",
            (doc_id, ch.start, ch.end, ch.page, kind or ch.kind, key),
        )
        cid = cur.lastrowid
        con.execute(
            "INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)",
            (cid, " ".join(analyze(ch.embed_text))),
        )
        pending.append((cid, key, ch.embed_text))
    return pending


def _counter(enc: Encoder):
    base = enc.count_tokens([""])[0]
    return lambda texts: [n - base for n in enc.count_tokens(texts)]


def record_text(e: Entry) -> str:
    """An entry's registration data, which stays public under a restriction: every field
    the register shows (its restriction too), none of the entry's text or files."""
    lines = []
    for f in FIELDS:
        if not f.registration:
            continue
        if f.slot.startswith("access."):
            value = getattr(e.access, f.slot.split(".", 1)[1])
        elif f.extra:
            value = next((v for k, v in e.extra.items() if canonical_field(k) == f.key), None)
        else:
            value = getattr(e, f.key, None)
        if f.is_date:
            value = format_date(value)
        if value:
            lines.append(f"{f.et}: {value}")
    return "\n".join(lines)


def _derive_entries(con: sqlite3.Connection, index, enc: Encoder, report: BuildReport):
    """Recompute entries, each document's reference, and public records; cheap, SQL only."""
    entries: dict[str, tuple[int, Entry]] = {}
    register = RegisterMap()
    rows = con.execute(
        "SELECT id, file_path, entry, letter FROM documents "
        "WHERE entry IS NOT NULL AND synthetic=0 ORDER BY file_path, part"
    ).fetchall()
    for row in rows:
        e = entry_from_json(row["entry"])
        if e.ref in entries:
            entries[e.ref] = (entries[e.ref][0], merge_entries(entries[e.ref][1], e))
        else:
            entries[e.ref] = (row["id"], e)
        names = list(e.files)
        if row["letter"]:
            names += json.loads(row["letter"]).get("attachments") or []
        register.add(row["file_path"], e.ref, names)
    write_entries(con, entries)

    files = [
        r[0] for r in con.execute("SELECT DISTINCT file_path FROM documents WHERE synthetic=0")
    ]
    changes = []
    for path in files:
        own = con.execute(
            "SELECT own_ref FROM documents WHERE file_path=? AND part='' AND synthetic=0", (path,)
        ).fetchone()
        want = entry_for(path, own[0] if own else None, register)
        have = {
            r[0]
            for r in con.execute(
                "SELECT ref FROM documents WHERE file_path=? AND synthetic=0", (path,)
            )
        }
        if have != {want}:
            changes.append((want, path))
    con.executemany("UPDATE documents SET ref=? WHERE file_path=? AND synthetic=0", changes)
    report.metadata_updated = sorted(p for _, p in changes)

    # public registration records for restricted entries: kept in step with the entries
    wanted = {ref: record_text(e) for ref, (_, e) in entries.items() if e.access.restricted}
    existing = {
        r["ref"]: (r["id"], r["text"])
        for r in con.execute("SELECT id, ref, text FROM documents WHERE synthetic=1")
    }
    stale = [doc_id for ref, (doc_id, text) in existing.items() if wanted.get(ref) != text]
    _delete_docs(con, index, stale)
    pending = []
    for ref, text in wanted.items():
        if ref in existing and existing[ref][1] == text:
            continue
        doc = Document(
            name=f"{ref} (registration record)",
            format="record",
            sections=[Section(text=text, kind=SECTION_METADATA)],
            title=entries[ref][1].title,
        )
        pending += _insert_document(
            con, enc, _settings_for(enc.name, enc.max_tokens), "", "", doc, ref=ref,
            synthetic=True, context="",
        )  # fmt: skip
    return pending


class _Embedder:
    """Encodes passages on a worker thread while the main thread parses and chunks.

    The main thread hands over each document's chunks as soon as they are in the catalog;
    the worker looks their texts up in the embedding cache and encodes the rest in batches
    of ``EMBED_BATCH``, committing each batch to the cache before the next (a killed build
    loses at most one batch). A text already handed over is not handed over again, so each
    distinct passage of the build is encoded once. Tokenizing, the model's matrix products
    and SQLite all release the GIL, so parsing the next files costs the encoder little.
    Progress is reported from the main thread only (``report_progress``).
    """

    def __init__(self, cache_path: Path, enc: Encoder):
        self.cache_path, self.enc = cache_path, enc
        self.vectors: dict[str, np.ndarray] = {}
        self.queue: queue.Queue[list[tuple[str, str]] | None] = queue.Queue()
        self.seen: set[str] = set()
        self.to_encode = 0  # distinct texts found missing from the cache so far
        self.encoded = 0
        self.reused = 0
        self.encode_seconds = 0.0
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="viit-embed", daemon=True)
        self.thread.start()

    def submit(self, pending: list[tuple[int, str, str]]) -> None:
        if self.error is not None:
            raise self.error
        fresh = []
        for _, key, text in pending:
            if key not in self.seen:
                self.seen.add(key)
                fresh.append((key, text))
        if fresh:
            self.queue.put(fresh)

    def report_progress(self, progress: Progress) -> None:
        if self.to_encode:
            progress("embed", self.encoded, self.to_encode)

    def finish(self, progress: Progress) -> dict[str, np.ndarray]:
        """Wait for the worker to encode everything handed over; the vectors by key."""
        self.queue.put(None)
        while self.thread.is_alive():
            self.thread.join(timeout=0.25)
            self.report_progress(progress)
        if self.error is not None:
            raise self.error
        self.report_progress(progress)
        return self.vectors

    def close(self) -> None:
        """Stop the worker (after its current batch) if the build ends early."""
        if self.thread.is_alive():
            self.stop.set()
            self.queue.put(None)
            self.thread.join()

    def _run(self) -> None:
        cache = None
        threads = cpu_count()
        try:
            # its own SQLite connection; a cache that cannot be opened fails the build
            cache = EmbeddingCache(self.cache_path, self.enc.dim)
            backlog: list[tuple[str, str]] = []
            done = False
            while not (done and not backlog) and not self.stop.is_set():
                # wait for a whole batch (or the end): int8 activations are scaled per
                # batch, so batches cut by the parser's timing would give a build whose
                # vectors differ from run to run
                while not done:
                    try:
                        items = self.queue.get(block=len(backlog) < EMBED_BATCH)
                    except queue.Empty:
                        break
                    if items is None:
                        done = True
                        break
                    known = cache.get_many([k for k, _ in items])
                    self.vectors.update(known)
                    self.reused += len(known)
                    missing = [(k, t) for k, t in items if k not in known]
                    self.to_encode += len(missing)
                    backlog += missing
                    if len(backlog) >= EMBED_BATCH:
                        break
                if not backlog:
                    continue
                batch, backlog = backlog[:EMBED_BATCH], backlog[EMBED_BATCH:]
                t0 = time.perf_counter()
                vecs = self.enc.encode_passages([t for _, t in batch], threads=threads)
                self.encode_seconds += time.perf_counter() - t0
                cache.put_many([(k, v) for (k, _), v in zip(batch, vecs, strict=True)])
                for (k, _), v in zip(batch, vecs, strict=True):
                    self.vectors[k] = v
                self.encoded += len(batch)
                crash_point("embed")
        except BaseException as exc:
            self.error = exc
        finally:
            if cache is not None:
                cache.close()
