"""Reading and writing catalog rows: documents, entries, related links.

The catalog is the one place that knows which file belongs to which register entry and
who may see it; FAISS only knows chunk ids.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from typing import Any

from ingest.model import Entry, Letter, Related, Restriction


def to_json(obj: Any) -> str:
    def default(o: Any) -> Any:
        if isinstance(o, dt.date | dt.datetime):
            return o.isoformat()
        raise TypeError(type(o).__name__)

    return json.dumps(dataclasses.asdict(obj), ensure_ascii=False, default=default)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def entry_from_json(text: str) -> Entry:
    d = json.loads(text)
    d["access"] = Restriction(
        level=d["access"].get("level") or "Avalik",
        basis=d["access"].get("basis"),
        start=_date(d["access"].get("start")),
        end=_date(d["access"].get("end")),
    )
    d["related"] = [Related(**{**r, "date": _date(r.get("date"))}) for r in d.get("related", [])]
    for key in ("registered", "synced", "deadline"):
        d[key] = _date(d.get(key))
    known = {f.name for f in dataclasses.fields(Entry)}
    return Entry(**{k: v for k, v in d.items() if k in known})


def letter_from_json(text: str | None) -> Letter | None:
    if not text:
        return None
    d = json.loads(text)
    if d.get("sent"):
        d["sent"] = dt.datetime.fromisoformat(d["sent"])
    known = {f.name for f in dataclasses.fields(Letter)}
    return Letter(**{k: v for k, v in d.items() if k in known})


def merge_entries(a: Entry, b: Entry) -> Entry:
    """One reference described by two files (an export and an entry page): fill gaps."""
    merged = dataclasses.replace(a)
    for f in dataclasses.fields(Entry):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if f.name == "access":
            if not va.restricted and vb.restricted:
                merged.access = vb
        elif f.name == "related":
            seen = {(r.ref, r.title) for r in va}
            merged.related = va + [r for r in vb if (r.ref, r.title) not in seen]
        elif f.name in ("files",):
            merged.files = va + [x for x in vb if x not in va]
        elif f.name == "extra":
            merged.extra = {**vb, **va}
        elif va in (None, "", []):
            setattr(merged, f.name, vb)
    return merged


def write_entries(con: sqlite3.Connection, entries: dict[str, tuple[int, Entry]]) -> None:
    """Replace the entries and related tables from the documents' own entries."""
    con.execute("DELETE FROM entries")
    con.execute("DELETE FROM related")
    rows, rel_rows = [], []
    for ref, (doc_id, e) in entries.items():
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        rows.append(
            (
                ref, doc_id, e.title, iso(e.registered), iso(e.synced), e.doc_type, e.function,
                e.series, e.file, e.access.level, e.access.basis, iso(e.access.start),
                iso(e.access.end), int(e.access.restricted), e.addressee, e.sender, e.channel,
                e.responsible, iso(e.deadline), e.sender_ref, e.organisation, to_json(e),
            )
        )  # fmt: skip
        for pos, r in enumerate(e.related):
            rel_rows.append(
                (ref, pos, r.ref, r.title, iso(r.date), r.doc_type, r.org, r.parties,
                 r.relation, int(r.restricted))
            )  # fmt: skip
    con.executemany(f"INSERT INTO entries VALUES ({','.join('?' * 22)})", rows)
    con.executemany(f"INSERT INTO related VALUES ({','.join('?' * 10)})", rel_rows)
