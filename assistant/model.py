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

from index.search import Passage


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
