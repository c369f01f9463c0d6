"""The whole register entry as a user may see it: metadata, thread, documents and text.

A citation leads here. For a public user a restricted entry shows its registration data
and restriction only: no text, no attachments, no titles or parties of restricted
related documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.privacy import PUBLIC, User, for_user
from index.catalog import fmt_date
from index.search import IndexReader

PUBLIC_FIELDS = [
    ("ref", "Viit"), ("title", "Pealkiri"), ("doc_type", "Liik"),
    ("registered", "Registreeritud"), ("organisation", "Asutus"), ("function", "Funktsioon"),
    ("series", "Sari"), ("file", "Toimik"),
]  # fmt: skip
DETAIL_FIELDS = [
    ("synced", "Sünkroonitud"), ("addressee", "Adressaat"), ("sender", "Saatja"),
    ("channel", "Saabumis/saatmisviis"), ("responsible", "Vastutaja"),
    ("deadline", "Lahendamise tähtaeg"), ("sender_ref", "Saatja/saaja viit"),
]  # fmt: skip


@dataclass
class DocumentView:
    doc_id: int
    file: str
    part: str
    name: str
    format: str
    text: str | None  # None: withheld from this user
    sections: str = "[]"


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
    row = reader.entry_row(key)
    if row is None:
        docs = reader.documents_by_file(key)
        if not docs:
            return None
        if docs[0]["ref"]:  # a file of an entry: show the entry
            return entry_view(reader, docs[0]["ref"], user, today)
        title = for_user(docs[0]["title"] or "", user)
        view = EntryView(key=key, ref=None, restricted=False, withheld=False, title=title)
        view.documents = _documents(reader, docs, user, withhold=False)
        return view
    restricted = reader.is_restricted(key, today)
    withheld = restricted and not user.cleared
    title = for_user(row["title"] or "", user)
    view = EntryView(key=key, ref=key, restricted=restricted, withheld=withheld, title=title)
    fields = PUBLIC_FIELDS + ([] if withheld else DETAIL_FIELDS)
    for col, label in fields:
        value = row[col]
        if value:
            value = fmt_date(value) if col in ("registered", "synced", "deadline") else value
            view.metadata.append((label, for_user(str(value), user)))
    level = row["access_level"] or "Avalik"
    view.access.append(("Juurdepääsupiirang", level + (" 🔒" if restricted else "")))
    if row["access_basis"]:
        view.access.append(("Juurdepääsupiirangu alus", row["access_basis"]))
    if row["access_start"]:
        view.access.append(("Piirang alates", fmt_date(row["access_start"])))
    if row["access_end"]:
        view.access.append(("Piirang kuni", fmt_date(row["access_end"])))
    for r in reader.thread(key):
        if withheld and r["from_ref"] == key:
            continue  # the entry's own related list is part of what is withheld
        hidden = not user.cleared and _restricted_row(r, today)
        view.related.append(
            {
                "ref": r["ref"],
                "date": fmt_date(r["date"]),
                "title": "" if hidden else for_user(r["title"] or "", user),
                "doc_type": r["doc_type"] or "",
                "org": "" if hidden else (r["org"] or ""),
                "parties": "" if hidden else for_user(r["parties"] or "", user),
                "relation": r["relation"] or "",
                "restricted": bool(r["restricted"] or r["e_restricted"]),
                "indexed": reader.entry_row(r["ref"]) is not None if r["ref"] else False,
            }
        )
    docs = [d for d in reader.documents_of(key) if not d["synthetic"]]
    view.documents = _documents(reader, docs, user, withhold=withheld)
    return view


def _documents(reader: IndexReader, docs, user: User, withhold: bool) -> list[DocumentView]:
    out = []
    for d in docs:
        row = reader.document(d["id"])
        text = None if withhold else for_user(row["text"], user)
        out.append(
            DocumentView(
                doc_id=d["id"],
                file=d["file_path"],
                part=d["part"],
                name=d["name"],
                format=d["format"],
                text=text,
                sections=row["sections"],
            )
        )
    return out


def _restricted_row(r, today: dt.date) -> bool:
    if r["restricted"]:
        return True
    if r["e_restricted"]:
        return r["access_end"] is None or today <= dt.date.fromisoformat(r["access_end"])
    return False
