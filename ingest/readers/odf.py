"""OpenDocument (.odt text, .ods spreadsheet, .odp presentation) with odfpy.

OpenDocument is the Estonian public sector's own standard format. Paragraphs and
headings are read in document order (headings set off by a blank line, as in the DOCX
reader); a table becomes one line per row with its cells joined by "; ". A spreadsheet's
sheets each start with the sheet's name; runs of repeated empty rows and cells (ODS
writes a sheet's unused million rows that way) are not expanded.
"""

from __future__ import annotations

import io
import zipfile

from odf import teletype
from odf.element import Element
from odf.namespaces import OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_REPEAT = 1000  # repeated rows/cells with content written out at most this often

_PARAGRAPHS = {(TEXTNS, "p"), (TEXTNS, "h")}
_TABLE = (TABLENS, "table")
_SKIP = {(OFFICENS, "annotation"), (TEXTNS, "tracked-changes"), (OFFICENS, "forms")}


def read(data: bytes, name: str) -> Document:
    _check_package(data)
    try:
        odf = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError) as exc:
        raise ReadError(f"corrupted OpenDocument file: {exc}") from exc
    body = odf.body
    spreadsheet = "spreadsheet" in (odf.mimetype or "")
    lines: list[str] = []
    heading_title: str | None = None
    for kind, text in _blocks(body, spreadsheet):
        if kind == "h":
            heading_title = heading_title or text
            lines.extend(["", text])
        elif kind == "table":
            lines.extend(["", *text.split("\n"), ""])
        else:
            lines.append(text)
    text = tidy("\n".join(lines))
    doc = Document(name=name, format=name.rsplit(".", 1)[-1].lower() if "." in name else "odf")
    if text:
        doc.sections = [Section(text=text, kind=SECTION_BODY)]
    doc.title = _meta_title(odf) or heading_title or first_line_title(text)
    return doc


def _check_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            try:
                manifest = package.read("META-INF/manifest.xml")
            except KeyError:
                manifest = b""
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise ReadError(f"corrupted OpenDocument file: {exc}") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"OpenDocument expands beyond {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB")
    if b"encryption-data" in manifest:
        raise ReadError("encrypted OpenDocument file (password required)")


def _blocks(node: Element, spreadsheet: bool):
    """(kind, text) in document order: 'p' paragraph, 'h' heading, 'table' rows."""
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP:
            continue
        if child.qname in _PARAGRAPHS:
            text = " ".join(teletype.extractText(child).split())
            if text:
                yield ("h" if child.qname[1] == "h" else "p"), text
        elif child.qname == _TABLE:
            rows = _table_rows(child)
            if spreadsheet:
                name = child.getAttrNS(TABLENS, "name")
                if rows and name:
                    yield "h", name
            if rows:
                yield "table", "\n".join(rows)
        else:  # sections, lists, frames, shapes: their paragraphs in order
            yield from _blocks(child, spreadsheet)


def _table_rows(table: Element) -> list[str]:
    rows: list[str] = []
    for row in _descendants(table, (TABLENS, "table-row")):
        cells: list[str] = []
        for cell in row.childNodes:
            if cell.nodeType != cell.ELEMENT_NODE:
                continue
            if cell.qname not in {(TABLENS, "table-cell"), (TABLENS, "covered-table-cell")}:
                continue
            text = _cell_text(cell)
            if not text:
                continue
            repeat = _int(cell.getAttrNS(TABLENS, "number-columns-repeated"))
            cells.extend([text] * min(repeat, MAX_REPEAT))
        if cells:
            line = "; ".join(cells)
            repeat = _int(row.getAttrNS(TABLENS, "number-rows-repeated"))
            rows.extend([line] * min(repeat, MAX_REPEAT))
    return rows


def _descendants(node: Element, qname: tuple[str, str]):
    """Rows of this table, also inside row groups and headers, but not of nested tables."""
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname == qname:
            yield child
        elif child.qname != _TABLE:
            yield from _descendants(child, qname)


def _cell_text(cell: Element) -> str:
    pieces = [teletype.extractText(p) for p in _paragraphs(cell)]
    text = " ".join(" ".join(pieces).split())
    if not text:  # a value without displayed text (rare): the stored value
        text = cell.getAttrNS(OFFICENS, "value") or cell.getAttrNS(OFFICENS, "date-value") or ""
    return text


def _paragraphs(node: Element):
    for child in node.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname in _PARAGRAPHS:
            yield child
        else:
            yield from _paragraphs(child)


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _meta_title(odf) -> str | None:
    from odf import dc

    for element in odf.meta.getElementsByType(dc.Title):
        title = " ".join(teletype.extractText(element).split())
        if title:
            return title
    return None
