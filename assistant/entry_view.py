"""The whole register entry as a user may see it: metadata, thread, documents and text.

A citation leads here. For a public user a restricted entry shows its registration data
and restriction only: no text, no attachments, no titles or parties of restricted
related documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.privacy import PUBLIC, User, for_user
from index.records import EntryRecord, Section
from index.search import IndexReader
from ingest.fields import FIELD, FIELDS, canonical_field, display_label, format_date


@dataclass
class DocumentView:
    doc_id: int
    file: str
    part: str
    name: str
    format: str
    text: str | None  # None: withheld from this user
    sections: tuple[Section, ...] = ()


@dataclass
class EntryView:
    key: str
    ref: str | None
    restricted: bool
    withheld: bool
    title: str = ""
    metadata: list[tuple[str, str]] = field(default_factory=list)
    access: list[tuple[str, str]] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    documents: list[DocumentView] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [f"{label}: {value}" for label, value in self.metadata]
        lines += [f"{label}: {value}" for label, value in self.access]
        if self.ref is None:
            lines.insert(0, f"{self.key} (no register reference)")
        if self.related:
            lines.append("\nSeotud dokumendid / related documents:")
            for r in self.related:
                lock = " 🔒" if r["restricted"] else ""
                extra = ", ".join(x for x in (r["doc_type"], r["org"], r["parties"]) if x)
                extra = f"({extra})" if extra else ""
                line = f"- {r['date']} {r['ref'] or ''}{lock} {r['title']} {extra}"
                lines.append(line.rstrip())
        for d in self.documents:
            label = d.part or d.file
            lines.append(f"\n=== {label} ({d.format}) ===")
            lines.append(d.text if d.text is not None else "[withheld: restricted]")
        return "\n".join(lines)


def entry_view(
    reader: IndexReader, key: str, user: User = PUBLIC, today: dt.date | None = None
) -> EntryView | None:
    """The entry with reference ``key``, or the standalone file named ``key``."""
    reader.refresh()
    today = today or dt.date.today()
    row = reader.catalog.entry(key)
    if row is None:
        docs = reader.catalog.documents_by_file(key)
        if not docs:
            return None
        if docs[0].ref:  # a file of an entry: show the entry
            return entry_view(reader, docs[0].ref, user, today)
        title = for_user(docs[0].title or "", user)
        view = EntryView(key=key, ref=None, restricted=False, withheld=False, title=title)
        view.documents = _documents(reader, docs, user, withhold=False)
        return view
    restricted = reader.catalog.is_restricted(key, today)
    withheld = restricted and not user.cleared
    title = for_user(row.title or "", user)
    view = EntryView(key=key, ref=key, restricted=restricted, withheld=withheld, title=title)
    for label, value in entry_fields(row, withheld):
        view.metadata.append((label, for_user(value, user)))
    level = row.access_level or "Avalik"
    view.access.append((FIELD["access.level"].et, level + (" 🔒" if restricted else "")))
    if row.access_basis:
        view.access.append((FIELD["access.basis"].et, row.access_basis))
    if row.access_start:
        view.access.append((FIELD["access.start"].et, format_date(row.access_start)))
    if row.access_end:
        view.access.append((FIELD["access.end"].et, format_date(row.access_end)))
    for r in reader.catalog.thread(key, today):
        hidden = not user.cleared and r.restricted
        view.related.append(
            {
                "ref": r.ref,
                "date": format_date(r.date),
                "title": "" if hidden else for_user(r.title, user),
                "doc_type": r.doc_type or "",
                "org": "" if hidden else (r.org or ""),
                "parties": "" if hidden else for_user(r.parties or "", user),
                "relation": r.relation or "",
                "restricted": r.restricted,
                "indexed": r.in_register,
            }
        )
    docs = [d for d in reader.catalog.documents_of(key) if not d.synthetic]
    view.documents = _documents(reader, docs, user, withhold=withheld)
    return view


def _documents(reader: IndexReader, docs, user: User, withhold: bool) -> list[DocumentView]:
    out = []
    for d in docs:
        row = reader.catalog.document(d.id)
        text = None if withhold else for_user(row.text, user)
        out.append(
            DocumentView(
                doc_id=d.id,
                file=d.file_path,
                part=d.part,
                name=d.name,
                format=d.format,
                text=text,
                sections=row.sections,
            )
        )
    return out


def entry_fields(row: EntryRecord, withheld: bool) -> list[tuple[str, str]]:
    """An entry's fields as (label, value) in the field table's order; for a user from whom
    the entry is withheld only its registration record. Access is shown apart."""
    extra = row.extra
    out = []
    for f in FIELDS:
        if f.slot.startswith("access.") or (withheld and not f.registration):
            continue
        if f.extra:
            value = next((v for k, v in extra.items() if canonical_field(k) == f.key), None)
        else:
            value = row.column(f.key)
        if value:
            out.append((f.et, format_date(value) if f.is_date else str(value)))
    if not withheld:
        out += [(display_label(k), v) for k, v in extra.items() if v and canonical_field(k) is None]
    return out
