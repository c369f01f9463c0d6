"""Word .docx reader (python-docx): body paragraphs and tables in document order.

Headings stay in the text where they stand, set off by a blank line, so that the
chunker sees them as the start of a passage. Tables become one line per row with the
cells joined by "; ", which reads as a record and can be quoted. Headers, footers and
footnotes are left out: in register documents they are letterhead and page furniture.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(data: bytes, name: str) -> Document:
    """Read a .docx into one body section."""
    if data.startswith(_OLE_MAGIC) and _is_word97(data):  # a .doc saved under .docx
        from ingest.readers import doc as word97

        return word97.read(data, name)
    _check_package(data)
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"corrupted DOCX: {exc}") from exc
    lines: list[str] = []
    heading_title = None
    for block in _blocks(word.element.body, word):
        if isinstance(block, Table):
            lines.extend(["", *_table_lines(block), ""])
            continue
        text = " ".join(block.text.split())
        if not text:
            continue
        if _is_heading(block):
            heading_title = heading_title or text
            lines.extend(["", text])
        else:
            lines.append(text)
    text = tidy("\n".join(lines))
    doc = Document(name=name, format="docx")
    if text:
        doc.sections = [Section(text=text, kind=SECTION_BODY)]
    core_title = (word.core_properties.title or "").strip()
    doc.title = core_title or heading_title or first_line_title(text)
    return doc


def _is_word97(data: bytes) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("WordDocument")
    except Exception:  # not a readable OLE file: the package check says why
        return False


def _check_package(data: bytes) -> None:
    """Refuse what python-docx would fail on obscurely or expand without limit."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError("encrypted DOCX (password required) or old binary Word file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"corrupted DOCX: {exc}") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"DOCX expands beyond {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB")


def _blocks(parent, word) -> Iterator[Paragraph | Table]:  # lxml element, docx
    """Paragraphs and tables in order, including those inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, word)
        elif child.tag == qn("w:tbl"):
            yield Table(child, word)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, word)


def _is_heading(paragraph: Paragraph) -> bool:
    try:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return False
    return style.startswith(("heading", "title", "pealkiri"))


def _table_lines(table: Table) -> list[str]:
    """One line per row: 'cell; cell'; a merged cell is written once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[object] = set()  # lxml elements; held here, so identity is stable
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            lines.append("; ".join(cells))
    return lines


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs and nested tables on one line (cell.text skips nested tables)."""
    pieces = []
    for block in cell.iter_inner_content():
        pieces.extend(_table_lines(block) if isinstance(block, Table) else [block.text])
    return " ".join(" ".join(pieces).split())
