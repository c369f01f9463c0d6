"""Plain data passed from the readers to the index.

Readers return these dataclasses and nothing else; they never touch the index. A
document's text is a list of sections (a page of a PDF, the body of a letter, the
rendered metadata of a register entry) so that a citation can name its page and its
exact character span in the document's full text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PUBLIC_LEVEL = "Avalik"

# Text that starts the metadata section of every entry document. Kept here so that the
# chunker and the assistant agree on where register metadata ends and body text starts.
SECTION_METADATA = "metadata"
SECTION_BODY = "body"
SECTION_RELATED = "related"
SECTION_PAGE = "page"
# A page whose text was read by OCR from a scan: a citation of it can say "scanned, OCR".
SECTION_OCR = "ocr"


class ReadError(Exception):
    """A file that cannot be read; the message is the one-line reason shown to staff."""


@dataclass
class Restriction:
    """Access restriction (Juurdepääsupiirang) of a register entry.

    ``level`` keeps the register's own wording (``Avalik``, ``AK``, ``Asutusesiseseks
    kasutamiseks``, ``RESTRICTED`` ...). Whether it is in force on a day is decided in one
    place, ``index.access``.
    """

    level: str = PUBLIC_LEVEL
    basis: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def restricted(self) -> bool:
        return is_restricted_level(self.level) or bool(self.basis)


def is_restricted_level(level: str | None) -> bool:
    """Anything but an explicit public marker counts as restricted; an empty level is public."""
    if not level:
        return False
    norm = level.strip().casefold()
    return norm not in {"avalik", "public", "avalik dokument", "open"}


@dataclass
class Related:
    """One row of an entry's related-documents table ("Seosed", "Dokumendid samas küsimuses")."""

    title: str = ""
    date: dt.date | None = None
    ref: str | None = None
    doc_type: str | None = None
    org: str | None = None
    parties: str | None = None
    relation: str | None = None
    restricted: bool = False
    days_before_sync: int | None = None


@dataclass
class Letter:
    """Headers of a letter or e-mail (Saatja, Saadetud, Adressaat, Koopia, Teema, Manused)."""

    sender: str | None = None
    sent: dt.datetime | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str | None = None
    attachments: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """Register metadata of one entry, keyed by its reference (Viit)."""

    ref: str
    title: str | None = None
    registered: dt.date | None = None
    synced: dt.date | None = None
    doc_type: str | None = None
    function: str | None = None
    series: str | None = None
    file: str | None = None  # Toimik
    access: Restriction = field(default_factory=Restriction)
    addressee: str | None = None
    sender: str | None = None
    channel: str | None = None  # Saabumis/saatmisviis
    responsible: str | None = None  # Vastutaja
    deadline: dt.date | None = None  # Lahendamise tähtaeg
    sender_ref: str | None = None  # Saatja/saaja viit
    organisation: str | None = None  # the register's owner (Dokumendiregister, Asutus)
    files: list[str] = field(default_factory=list)  # file names the entry lists
    related: list[Related] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # fields with no typed slot


@dataclass
class Section:
    """A run of text of one kind; ``page`` is the 1-based PDF page where there is one.

    ``kind`` :data:`SECTION_OCR` marks text read by OCR from a scanned page or image.
    """

    text: str
    kind: str = SECTION_BODY
    page: int | None = None


@dataclass
class Document:
    """What a reader makes of one file (or of one file inside a container).

    ``entry`` is set when the file itself carries register metadata (an export, an entry
    page, an API record). ``parts`` are documents found inside this one (an e-mail's
    attachments, the files of an ASiC-E container); they are cited by the outer file.
    """

    name: str
    format: str
    sections: list[Section] = field(default_factory=list)
    title: str | None = None
    entry: Entry | None = None
    letter: Letter | None = None
    parts: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return SECTION_JOIN.join(s.text for s in self.sections)

    def section_offsets(self) -> list[int]:
        """Start offset of each section in :attr:`text`."""
        offsets, pos = [], 0
        for s in self.sections:
            offsets.append(pos)
            pos += len(s.text) + len(SECTION_JOIN)
        return offsets


SECTION_JOIN = "\n\n"


@dataclass
class Chunk:
    """A passage to embed; ``start``/``end`` index the document's full text."""

    text: str
    start: int
    end: int
    page: int | None = None
    kind: str = SECTION_BODY
    context: str = ""  # short heading prepended for embedding only

    @property
    def embed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text
