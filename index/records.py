"""Catalog look-ups as typed records: entries, documents, related rows, passages, failures.

A catalog row read by string key (``row["e_restricted"]``) fails only at run time, on the
path that reads it, and lets the register's flag pass for "restricted now". Here each row
is a dataclass whose names say one thing:
an entry's ``marked_restricted`` is the register's flag, ``restricted_on(day)`` the access
rule (index/access.py) applied to it; a document's ``file_path`` is a path, an entry's
``file`` its case file (Toimik).

Search stays in index/search.py; this module only reads what the catalog says about
the things a search found.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from index.access import in_force, related_restricted
from index.catalog import entry_from_json, letter_from_json
from ingest.model import Entry, Letter


@dataclass(frozen=True)
class EntryRecord:
    """A register entry as the catalog stores it: its columns plus the whole entry."""

    ref: str
    doc_id: int | None
    title: str | None
    registered: str | None
    synced: str | None
    doc_type: str | None
    function: str | None
    series: str | None
    file: str | None  # the case file (Toimik), not a path
    access_level: str | None
    access_basis: str | None
    access_start: str | None
    access_end: str | None
    marked_restricted: bool  # the register's flag; restricted_on() says if it holds today
    addressee: str | None
    sender: str | None
    channel: str | None
    responsible: str | None
    deadline: str | None
    sender_ref: str | None
    organisation: str | None
    data: str = field(repr=False)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> EntryRecord:
        values = {k: row[k] for k in row.keys() if k in _ENTRY_COLUMNS}  # noqa: SIM118 (sqlite3.Row)
        values["marked_restricted"] = bool(row["restricted"])
        return cls(**values)

    def restricted_on(self, today: dt.date | None = None) -> bool:
        return in_force(self.marked_restricted, self.access_end, today)

    def column(self, key: str) -> str | None:
        """A field of the field table (ingest/fields.py) by its key."""
        return getattr(self, key) if key in _FIELD_COLUMNS else None

    @cached_property
    def entry(self) -> Entry:
        return entry_from_json(self.data)

    @property
    def extra(self) -> dict[str, str]:
        """Fields of the export that the field table does not name."""
        return self.entry.extra


_ENTRY_COLUMNS = {f.name for f in fields(EntryRecord)} - {"marked_restricted"}
_FIELD_COLUMNS = _ENTRY_COLUMNS - {"doc_id", "data"}


class Section(NamedTuple):
    """A span of a document's text: body, heading, table ..., on a page if known."""

    start: int
    end: int
    kind: str
    page: int | None


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text: what lists of an entry's or a file's documents need."""

    id: int
    file_path: str
    part: str
    name: str
    format: str
    title: str | None
    ref: str | None
    own_ref: str | None
    synthetic: bool
    length: int  # characters of text


@dataclass(frozen=True)
class DocumentRecord(DocumentInfo):
    """A document with its text and sections, as quoted and checked."""

    text: str = field(default="", repr=False)
    sections: tuple[Section, ...] = field(default=(), repr=False)
    letter_json: str | None = field(default=None, repr=False)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentRecord:
        return cls(
            id=row["id"], file_path=row["file_path"], part=row["part"], name=row["name"],
            format=row["format"], title=row["title"], ref=row["ref"], own_ref=row["own_ref"],
            synthetic=bool(row["synthetic"]), length=len(row["text"]), text=row["text"],
            sections=tuple(Section(*s) for s in json.loads(row["sections"])),
            letter_json=row["letter"],
        )  # fmt: skip

    @property
    def letter(self) -> Letter | None:
        return letter_from_json(self.letter_json)

    def section_at(self, offset: int) -> Section | None:
        """The section holding ``offset`` (its end included: a quote may end there)."""
        return next((s for s in self.sections if s.start <= offset <= s.end), None)


@dataclass
class Passage:
    """A chunk with what a citation needs."""

    chunk_id: int
    doc_id: int
    text: str
    start: int
    end: int
    page: int | None
    kind: str
    ref: str | None
    file_path: str
    part: str
    name: str
    title: str | None
    format: str
    synthetic: bool
    restricted: bool  # restricted for the public on the day asked

    @property
    def file_name(self) -> str:
        return Path(self.file_path).name if self.file_path else (self.ref or self.name)

    @property
    def key(self) -> str:
        """What a citation names: the reference, else the file's base name."""
        return self.ref or self.file_name


@dataclass(frozen=True)
class RelatedRow:
    """A related document of an entry; ``restricted`` is computed for the day asked."""

    from_ref: str
    ref: str | None
    title: str
    date: str | None
    doc_type: str | None
    org: str | None
    parties: str | None
    relation: str | None
    in_register: bool
    restricted: bool


@dataclass(frozen=True)
class FileProblem:
    """A register file that was not indexed, with the reason staff are shown."""

    path: str
    status: str
    reason: str | None


_DOCUMENT_INFO = (
    "SELECT id, file_path, part, name, format, title, ref, own_ref, synthetic, "
    "length(text) AS length FROM documents "
)


def _info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(**{**dict(row), "synthetic": bool(row["synthetic"])})


class CatalogLookup:
    """Look-ups in one served version's catalog; a new version gets a new lookup."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self._lock = threading.Lock()
        self._refs: frozenset[str] | None = None
        self._files: list[str] | None = None

    def entry(self, ref: str | None) -> EntryRecord | None:
        if not ref:
            return None
        row = self.con.execute("SELECT * FROM entries WHERE ref = ?", (ref,)).fetchone()
        return EntryRecord.from_row(row) if row else None

    def is_restricted(self, ref: str | None, today: dt.date | None = None) -> bool:
        """Restricted on ``today`` for a user not cleared; False for an unknown reference."""
        record = self.entry(ref)
        return record is not None and record.restricted_on(today)

    def known_refs(self) -> frozenset[str]:
        """Every reference the register holds, as entries or as related rows."""
        with self._lock:
            if self._refs is None:
                rows = self.con.execute(
                    "SELECT ref FROM entries UNION SELECT rel_ref FROM related "
                    "WHERE rel_ref IS NOT NULL"
                )
                self._refs = frozenset(r[0] for r in rows)
            return self._refs

    def file_paths(self) -> list[str]:
        """Paths of the register's files (relative to its folder), for naming them."""
        with self._lock:
            if self._files is None:
                rows = self.con.execute(
                    "SELECT DISTINCT file_path FROM documents "
                    "WHERE synthetic = 0 AND file_path != ''"
                )
                self._files = [r[0] for r in rows]
            return self._files

    def files_stating(self, text: str, limit: int = 2) -> list[str]:
        """Files with no register entry whose text holds ``text`` verbatim (up to
        ``limit``): a document that states a number no entry has, such as its own."""
        rows = self.con.execute(
            "SELECT DISTINCT file_path FROM documents WHERE synthetic = 0 AND ref IS NULL "
            "AND file_path != '' AND instr(text, ?) > 0 LIMIT ?",
            (text, limit),
        )
        return [r[0] for r in rows]

    def documents_of(self, ref: str) -> list[DocumentInfo]:
        """An entry's documents, the file that describes the entry itself first."""
        rows = self.con.execute(
            _DOCUMENT_INFO + "WHERE ref = ? ORDER BY own_ref IS NULL, file_path, part", (ref,)
        )
        return [_info(r) for r in rows]

    def documents_by_file(self, name: str) -> list[DocumentInfo]:
        """Documents of a file given by its base name or relative path."""
        rows = self.con.execute(
            _DOCUMENT_INFO + "WHERE synthetic = 0 AND (file_path = ? OR file_path LIKE ?) "
            "ORDER BY file_path, part",
            (name, f"%/{name}"),
        )
        return [_info(r) for r in rows]

    def document(self, doc_id: int) -> DocumentRecord | None:
        row = self.con.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return DocumentRecord.from_row(row) if row else None

    def letter(self, doc_id: int) -> Letter | None:
        row = self.con.execute("SELECT letter FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return letter_from_json(row[0]) if row else None

    def thread(self, ref: str, today: dt.date | None = None) -> list[RelatedRow]:
        """Related documents both ways: rows the entry lists and entries that list it."""
        rows = self.con.execute(
            "SELECT r.ref AS from_ref, r.rel_ref AS ref, r.title, r.date, r.doc_type, r.org, "
            "r.parties, r.relation, r.restricted, e.restricted AS e_restricted, e.access_end "
            "FROM related r LEFT JOIN entries e ON e.ref = r.rel_ref WHERE r.ref = ? "
            "UNION ALL "
            "SELECT r.ref, r.ref, e.title, e.registered, e.doc_type, e.organisation, NULL, "
            "'viitab sellele', e.restricted, e.restricted, e.access_end FROM related r "
            "JOIN entries e ON e.ref = r.ref WHERE r.rel_ref = ? AND r.ref != ?",
            (ref, ref, ref),
        ).fetchall()
        return [
            RelatedRow(
                from_ref=r["from_ref"],
                ref=r["ref"],
                title=r["title"] or "",
                date=r["date"],
                doc_type=r["doc_type"],
                org=r["org"],
                parties=r["parties"],
                relation=r["relation"],
                in_register=r["e_restricted"] is not None,
                restricted=related_restricted(
                    bool(r["restricted"]), r["e_restricted"], r["access_end"], today
                ),
            )
            for r in rows
        ]

    def passages(self, chunk_ids: list[int], today: dt.date | None = None) -> list[Passage]:
        """The chunks, in the order asked, with ``restricted`` computed for ``today``."""
        if not chunk_ids:
            return []
        marks = ",".join("?" * len(chunk_ids))
        rows = self.con.execute(
            "SELECT c.id, c.doc_id, c.start, c.end, c.page, c.kind, d.ref, d.file_path, d.part, "
            "d.name, d.title, d.format, d.synthetic, substr(d.text, c.start + 1, c.end - c.start) "
            "AS text, e.restricted, e.access_end FROM chunks c JOIN documents d ON d.id = c.doc_id "
            f"LEFT JOIN entries e ON e.ref = d.ref WHERE c.id IN ({marks})",
            chunk_ids,
        ).fetchall()
        by_id = {}
        for r in rows:
            restricted = not r["synthetic"] and in_force(
                bool(r["restricted"]), r["access_end"], today
            )
            by_id[r["id"]] = Passage(
                chunk_id=r["id"], doc_id=r["doc_id"], text=r["text"], start=r["start"],
                end=r["end"], page=r["page"], kind=r["kind"], ref=r["ref"],
                file_path=r["file_path"], part=r["part"], name=r["name"], title=r["title"],
                format=r["format"], synthetic=bool(r["synthetic"]), restricted=restricted,
            )  # fmt: skip
        return [by_id[i] for i in chunk_ids if i in by_id]

    def failures(self) -> list[FileProblem]:
        rows = self.con.execute(
            "SELECT path, status, reason FROM files WHERE status != 'ok' ORDER BY path"
        )
        return [FileProblem(*r) for r in rows]
