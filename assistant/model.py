"""What an answer is: plain dataclasses shared by the answerer, the shells and the checks.

Kept apart from ``assistant/answer.py`` so that modules that make answers of their own
(catalog lists, the language model) and the shells that show them depend on the data, not
on the answerer.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from index.records import CatalogLookup, DocumentRecord, Passage
from ingest.fields import format_date
from ingest.model import SECTION_OCR


@dataclass
class Citation:
    """A quoted passage of one document, at its exact place.

    ``file`` is the path relative to the register folder (two files of the same name in
    different folders are told apart); ``name`` is its base name, shown to people and used
    as the citation key of a file that has no register reference.
    """

    ref: str | None
    file: str
    title: str
    quote: str
    page: int | None
    doc_id: int
    start: int
    end: int
    date: str = ""
    doc_type: str = ""
    correspondent: str = ""
    restricted: bool = False  # shown to a cleared user: mark it
    name: str = ""
    scanned: bool = False  # the quote was read by OCR from a scanned page

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.file.rsplit("/", 1)[-1]

    @classmethod
    def of(
        cls,
        catalog: CatalogLookup,
        doc: DocumentRecord,
        start: int,
        end: int,
        page: int | None = None,
    ) -> Citation:
        """The passage ``doc.text[start:end]`` as cited: every path that quotes (answers,
        lists, the language model) labels it alike, from the entry it belongs to, else the
        letter's own headers. A registration record shows no correspondent: the public
        record of a restricted entry says only what the register publishes."""
        entry = catalog.entry(doc.ref)
        letter = doc.letter
        if entry is not None:
            title = entry.title or doc.title or doc.name
            date = format_date(entry.registered)
            correspondent = "" if doc.synthetic else (entry.addressee or entry.sender or "")
        else:
            title = (letter.subject if letter else None) or doc.title or doc.name
            date = format_date(letter.sent) if letter and letter.sent else ""
            correspondent = (letter.sender if letter else None) or ""
        file_path = doc.file_path
        if not file_path and doc.ref:
            # a public registration record is cited by the register file it was made from
            own = catalog.documents_of(doc.ref)
            file_path = next((d.file_path for d in own if d.file_path), "")
        section = doc.section_at(start)
        if page is None and section is not None:
            page = section.page
        return cls(
            ref=doc.ref, file=file_path, title=title or "", quote=doc.text[start:end],
            page=page, doc_id=doc.id, start=start, end=end, date=date,
            doc_type=(entry.doc_type if entry is not None else None) or "",
            correspondent=correspondent,
            scanned=section is not None and section.kind == SECTION_OCR,
        )  # fmt: skip

    @property
    def key(self) -> str:
        return self.ref or self.name

    def to_dict(self) -> dict:
        return {
            "ref": self.ref,
            "file": self.file,
            "name": self.name,
            "title": self.title,
            "quote": self.quote,
            "page": self.page,
        }


@dataclass
class Card:
    """One entry (or one file without a reference) and every passage quoted from it."""

    key: str
    ref: str | None
    title: str
    date: str
    doc_type: str
    restricted: bool
    citations: list[Citation] = field(default_factory=list)


def cards(citations: list[Citation]) -> list[Card]:
    """Citations grouped by entry, in order of first appearance: never one entry twice."""
    out: dict[str, Card] = {}
    for c in citations:
        card = out.get(c.key)
        if card is None:
            card = out[c.key] = Card(c.key, c.ref, c.title, c.date, c.doc_type, c.restricted)
        card.citations.append(c)
    return list(out.values())


@dataclass
class Answer:
    question: str
    text: str
    lang: str
    citations: list[Citation] = field(default_factory=list)
    found: bool = True
    notes: list[str] = field(default_factory=list)
    restricted_refs: list[str] = field(default_factory=list)  # for the audit log only
    # the passages this user may see that a text answer was drawn from (assistant/llm.py)
    context: list[Passage] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        return {"answer": self.text, "citations": [c.to_dict() for c in self.citations]}

    @property
    def cards(self) -> list[Card]:
        return cards(self.citations)


@dataclass
class Turn:
    """One exchange of a conversation: the question, the answer shown, the keys it cited."""

    question: str
    answer: str = ""
    keys: list[str] = field(default_factory=list)
    lang: str = ""


@dataclass
class Conversation:
    """The turns so far: follow-up questions lean on them ("and who signed it?").

    Kept by the app per chat and by ``viit ask --session FILE`` as a small JSON file.
    """

    turns: list[Turn] = field(default_factory=list)

    def questions(self) -> list[str]:
        return [t.question for t in self.turns]

    def add(self, answer: Answer) -> None:
        keys = list(dict.fromkeys(c.key for c in answer.citations))
        self.turns.append(Turn(answer.question, answer.text, keys, answer.lang))

    def to_json(self) -> str:
        return json.dumps({"turns": [asdict(t) for t in self.turns]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Conversation:
        data = json.loads(text) if text.strip() else {}
        known = {f.name for f in fields(Turn)}
        turns = [Turn(**{k: v for k, v in t.items() if k in known}) for t in data.get("turns", [])]
        return cls(turns)

    @classmethod
    def load(cls, path: Path) -> Conversation:
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else cls()

    def save(self, path: Path) -> None:
        """Written to a temporary file and renamed: a crash never leaves half a session."""
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        os.replace(tmp, path)
