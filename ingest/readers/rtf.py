"""Rich Text Format (.rtf, and .doc files that are really RTF) with striprtf.

RTF is 7-bit text whose non-ASCII characters are ``\\'xx`` bytes in the code page the
file declares (``\\ansicpg1257`` for Baltic Windows) or ``\\uN`` Unicode escapes;
striprtf decodes both when given the declared code page.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read(data: bytes, name: str) -> Document:
    if not data.lstrip()[:5] == b"{\\rtf":
        raise ReadError("not an RTF file: no {\\rtf header")
    text = rtf_to_text(data.decode("latin-1"), encoding=_encoding(data), errors="replace")
    doc = Document(name=name, format="rtf")
    text = tidy(text)
    if text:
        doc.sections = [Section(text=text, kind=SECTION_BODY)]
        doc.title = first_line_title(text)
    return doc


def _encoding(data: bytes) -> str:
    match = _CODEPAGE.search(data[:4096])
    if match:
        name = f"cp{int(match.group(1))}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"
